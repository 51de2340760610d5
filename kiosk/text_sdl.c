/* text_sdl: fonts by script, bidi runs, a capped cache of rendered lines.
 * See text.h. A line is split into logical runs of one embedding level and
 * one font, the runs are put in visual order with fribidi_reorder_line, and
 * each run is shaped by SDL2_ttf's HarfBuzz with its script and direction.
 * Lines are broken by the caller (kiosk/layout.c) before they get here. */
#include "text_sdl.h"

#include "text_bidi.h"

#include <SDL_ttf.h>
#include <errno.h>
#include <fcntl.h>
#include <fribidi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct kt_face {
	char script[5];
	void *mem[2];           /* [0] regular, [1] bold: the mapped file */
	size_t len[2];
} kt_face;

typedef struct kt_font {
	int face, bold, px;
	TTF_Font *font;
} kt_sized;

typedef struct kt_entry {
	char *str;              /* NULL: slot free */
	uint64_t hash;
	uint64_t ctx;           /* the paragraph around it; 0: the line alone */
	int px, bold, rtl;
	uint32_t rgba;
	SDL_Texture *tex;
	int w, h;
	uint64_t used;
} kt_entry;

/* Widths already measured: the layout is rebuilt on every change and asks
 * for the same lines again. Direct-mapped, KT_WIDTHS entries. */
#define KT_WIDTHS 4096
typedef struct kt_width {
	uint64_t key;           /* 0: empty */
	int w;
} kt_width;

struct kiosk_text {
	kt_face faces[KIOSK_TEXT_MAX_FACES];
	size_t n_faces;
	int fallback;           /* index of "Zyyy", or -1 */
	kt_sized fonts[KIOSK_TEXT_MAX_FONTS];
	size_t n_fonts;
	SDL_Renderer *ren;
	kt_entry cache[KIOSK_TEXT_CACHE_MAX];
	size_t cached, cached_bytes;
	uint64_t tick, hits, misses;
	bool ttf_inited;
	kt_width widths[KT_WIDTHS];
};

/* A line split into runs; the arrays live in the caller's scratch. */
typedef struct kt_split {
	FriBidiChar us[KIOSK_TEXT_MAX_CHARS];
	int font_of[KIOSK_TEXT_MAX_CHARS];      /* face index per char */
	FriBidiLevel levels[KIOSK_TEXT_MAX_CHARS];
	unsigned char bold_of[KIOSK_TEXT_MAX_CHARS];  /* 1: in the bold font */
	size_t byte_of[KIOSK_TEXT_MAX_CHARS + 1];
	int n;
	struct { int first, count, face; bool rtl, bold; int vis; } runs[KIOSK_TEXT_MAX_RUNS];
	int n_runs;
} kt_split;

/* ---- fonts ---------------------------------------------------------- */

static void kt_unmap(kt_face *f)
{
	for (int i = 0; i < 2; i++) {
		if (f->mem[i] && f->mem[i] != MAP_FAILED)
			munmap(f->mem[i], f->len[i]);
		f->mem[i] = NULL;
	}
}

static int kt_map_file(const char *path, void **mem, size_t *len, fb_err *err)
{
	int rc = 0;
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		rc = fb_err_set(err, FB_ERR_IO, "unable to open font '%s': %s "
				"(install fonts-noto-core, or fix assets/fonts.list)",
				path, strerror(errno));
		goto out;
	}
	if (fstat(fd, &st) != 0 || st.st_size <= 0) {
		rc = fb_err_set(err, FB_ERR_IO, "font '%s' is empty or unreadable", path);
		goto out;
	}
	*mem = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (*mem == MAP_FAILED) {
		*mem = NULL;
		rc = fb_err_set(err, FB_ERR_IO, "unable to map font '%s': %s",
				path, strerror(errno));
		goto out;
	}
	*len = (size_t)st.st_size;
out:
	if (fd >= 0)
		close(fd);
	return rc;
}

static void kt_resolve(const char *list, const char *name, char *out, size_t n)
{
	const char *slash = strrchr(list, '/');
	if (name[0] == '/' || !slash)
		snprintf(out, n, "%s", name);
	else
		snprintf(out, n, "%.*s/%s", (int)(slash - list), list, name);
}

static TTF_Font *kt_open(const kt_face *f, int bold, int px)
{
	SDL_RWops *rw = SDL_RWFromConstMem(f->mem[bold], (int)f->len[bold]);
	if (!rw)
		return NULL;
	return TTF_OpenFontRW(rw, 1, px);
}

static int kt_load_list(kiosk_text *t, const char *path, fb_err *err)
{
	int rc = 0, lineno = 0;
	char line[1024];
	FILE *fp = fopen(path, "r");
	if (!fp) {
		rc = fb_err_set(err, FB_ERR_IO, "unable to read fonts list '%s': %s "
				"(give feedback-kiosk --fonts FILE, or set FB_FONTS_LIST)",
				path, strerror(errno));
		goto out;
	}
	while (fgets(line, sizeof line, fp)) {
		char script[16], reg[512], bold[512], full[1024];
		lineno++;
		char *p = line + strspn(line, " \t");
		if (*p == '#' || *p == '\n' || *p == '\0')
			continue;
		if (sscanf(p, "%15s %511s %511s", script, reg, bold) != 3 ||
		    strlen(script) != 4) {
			rc = fb_err_set(err, FB_ERR_INVALID, "%s:%d: expected "
					"'script regular-file bold-file'", path, lineno);
			goto out;
		}
		if (t->n_faces >= KIOSK_TEXT_MAX_FACES) {
			rc = fb_err_set(err, FB_ERR_INVALID, "%s:%d: more than %d "
					"scripts", path, lineno, KIOSK_TEXT_MAX_FACES);
			goto out;
		}
		kt_face *f = &t->faces[t->n_faces];
		memcpy(f->script, script, 5);
		kt_resolve(path, reg, full, sizeof full);
		rc = kt_map_file(full, &f->mem[0], &f->len[0], err);
		if (rc)
			goto out;
		kt_resolve(path, bold, full, sizeof full);
		rc = kt_map_file(full, &f->mem[1], &f->len[1], err);
		if (rc) {
			kt_unmap(f);
			goto out;
		}
		t->n_faces++;
		for (int b = 0; b < 2; b++) {
			TTF_Font *probe = kt_open(f, b, 16);
			if (!probe) {
				rc = fb_err_set(err, FB_ERR_INVALID, "%s:%d: not a "
						"font SDL_ttf can open: %s", path,
						lineno, TTF_GetError());
				goto out;
			}
			TTF_CloseFont(probe);
		}
		if (strcmp(script, "Zyyy") == 0)
			t->fallback = (int)t->n_faces - 1;
	}
	if (t->n_faces == 0)
		rc = fb_err_set(err, FB_ERR_INVALID, "%s: no fonts listed", path);
out:
	if (fp)
		fclose(fp);
	return rc;
}

int kiosk_text_new(kiosk_text **out, const char *fonts_list, fb_err *err)
{
	int rc = 0;
	kiosk_text *t = calloc(1, sizeof *t);
	*out = NULL;
	if (!t)
		return fb_err_set(err, FB_ERR_NOMEM, "out of memory for fonts");
	t->fallback = -1;
	if (TTF_Init() != 0) {          /* counted: each _new pairs a TTF_Quit */
		rc = fb_err_set(err, FB_ERR_INVALID, "unable to start SDL_ttf: %s",
				TTF_GetError());
		goto out;
	}
	t->ttf_inited = true;
	rc = kt_load_list(t, fonts_list, err);
out:
	if (rc)
		kiosk_text_free(t);
	else
		*out = t;
	return rc;
}

static void kt_cache_clear(kiosk_text *t)
{
	for (size_t i = 0; i < KIOSK_TEXT_CACHE_MAX; i++) {
		kt_entry *e = &t->cache[i];
		if (!e->str)
			continue;
		if (e->tex)
			SDL_DestroyTexture(e->tex);
		free(e->str);
		memset(e, 0, sizeof *e);
	}
	t->cached = 0;
	t->cached_bytes = 0;
}

void kiosk_text_free(kiosk_text *t)
{
	if (!t)
		return;
	kt_cache_clear(t);
	for (size_t i = 0; i < t->n_fonts; i++)
		TTF_CloseFont(t->fonts[i].font);
	for (size_t i = 0; i < t->n_faces; i++)
		kt_unmap(&t->faces[i]);
	if (t->ttf_inited)
		TTF_Quit();
	free(t);
}

void kiosk_text_set_renderer(kiosk_text *t, SDL_Renderer *ren)
{
	if (t->ren != ren)
		kt_cache_clear(t);
	t->ren = ren;
}

static TTF_Font *kt_font(kiosk_text *t, int face, bool bold, int px)
{
	if (px < 4)
		px = 4;
	if (px > 400)
		px = 400;
	for (size_t i = 0; i < t->n_fonts; i++) {
		kt_sized *f = &t->fonts[i];
		if (f->face == face && f->bold == (int)bold && f->px == px)
			return f->font;
	}
	if (t->n_fonts >= KIOSK_TEXT_MAX_FONTS) {
		/* Cap reached (the window changed size many times): start over. */
		for (size_t i = 0; i < t->n_fonts; i++)
			TTF_CloseFont(t->fonts[i].font);
		t->n_fonts = 0;
	}
	TTF_Font *font = kt_open(&t->faces[face], bold, px);
	if (!font)
		return NULL;
	TTF_SetFontHinting(font, TTF_HINTING_LIGHT);
	t->fonts[t->n_fonts++] = (kt_sized){ face, (int)bold, px, font };
	return font;
}

/* ---- scripts and runs ----------------------------------------------- */

/* The script a code point is written in, or NULL for characters shared by
 * all scripts (spaces, digits, punctuation, combining marks). */
static const char *kt_script_of(uint32_t c)
{
	if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) ||
	    (c >= 0x370 && c <= 0x52F) || (c >= 0x1E00 && c <= 0x1EFF))
		return "Latn";
	if ((c >= 0x600 && c <= 0x6FF && !(c >= 0x660 && c <= 0x669)) ||
	    (c >= 0x750 && c <= 0x77F) || (c >= 0x8A0 && c <= 0x8FF) ||
	    (c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF))
		return "Arab";
	if (c == 0x964 || c == 0x965)   /* dandas are shared by Indic scripts */
		return NULL;
	if (c >= 0x900 && c <= 0x97F)
		return "Deva";
	if (c >= 0x980 && c <= 0x9FF)
		return "Beng";
	if (c >= 0xA00 && c <= 0xA7F)
		return "Guru";
	if (c >= 0xA80 && c <= 0xAFF)
		return "Gujr";
	return NULL;
}

static int kt_face_for_script(const kiosk_text *t, const char *script)
{
	for (size_t i = 0; i < t->n_faces; i++)
		if (strcmp(t->faces[i].script, script) == 0)
			return (int)i;
	return -1;
}

static uint64_t kt_hash_n(const char *s, size_t n);

/* The paragraph last resolved: a widget's lines are drawn one after another,
 * each from the same paragraph, which is resolved once for all of them. */
typedef struct kt_para_cache {
	kiosk_bidi_para para;
	uint64_t hash;
	size_t len;
	bool rtl, valid;
} kt_para_cache;

static const kiosk_bidi_para *kt_resolve_para(const char *para, size_t len,
					      bool rtl)
{
	static kt_para_cache pc;
	uint64_t h = kt_hash_n(para, len);
	if (pc.valid && pc.hash == h && pc.len == len && pc.rtl == rtl)
		return &pc.para;
	pc.valid = false;
	if (kiosk_bidi_resolve(&pc.para, para, len, rtl) != 0)
		return NULL;
	pc.hash = h;
	pc.len = len;
	pc.rtl = rtl;
	pc.valid = true;
	return &pc.para;
}

/* Splits the line [off, off + len) of the paragraph para (para_len bytes)
 * into runs in visual order, with the levels fribidi gave the whole
 * paragraph (kiosk/text_bidi.c), a run of its own for each piece in one of
 * the n_bs bold spans bs (offsets into para; the rest is bold when bold
 * is). sp->byte_of counts from the line's start. 0, or -1 on bad or long
 * input. */
static int kt_split_line(kiosk_text *t, const char *para, size_t para_len,
			 size_t off, size_t len, bool rtl, bool bold,
			 const kiosk_text_span *bs, size_t n_bs, int px,
			 kt_split *sp)
{
	static int order[KIOSK_TEXT_MAX_CHARS], vis_of[KIOSK_TEXT_MAX_CHARS];
	sp->n = 0;
	sp->n_runs = 0;
	if (len == 0)
		return 0;
	if (off + len > para_len)
		return -1;
	const kiosk_bidi_para *bp = kt_resolve_para(para, para_len, rtl);
	if (!bp)
		return -1;
	int first = kiosk_bidi_index(bp, off), last = kiosk_bidi_index(bp, off + len);
	if (first < 0 || last < first ||
	    kiosk_bidi_line(bp, first, last - first, order, sp->levels) != 0)
		return -1;
	int n = sp->n = last - first;
	for (int k = 0; k < n; k++) {
		sp->us[k] = bp->cp[first + k];
		sp->byte_of[k] = bp->byte_of[first + k] - off;
		vis_of[order[k] - first] = k;
		size_t at = bp->byte_of[first + k];
		sp->bold_of[k] = bold;
		for (size_t b = 0; b < n_bs && !sp->bold_of[k]; b++)
			if (at >= bs[b].off && at < bs[b].off + bs[b].len)
				sp->bold_of[k] = 1;
	}
	sp->byte_of[n] = len;

	/* Which font each character uses: its script's; a shared character
	 * (space, digit, punctuation) takes the script before it when it is on
	 * the same embedding level, else the script after it, so a space
	 * between an Arabic word and an English one joins the English. */
	for (int k = 0; k < n; k++) {
		const char *s = kt_script_of(sp->us[k]);
		sp->font_of[k] = s ? kt_face_for_script(t, s) : -1;
	}
	for (int k = 0; k < n; k++) {
		if (sp->font_of[k] >= 0)
			continue;
		int prev = -1, next = -1;
		for (int j = k - 1; j >= 0 && prev < 0; j--)
			if (sp->font_of[j] >= 0 && sp->levels[j] == sp->levels[k])
				prev = sp->font_of[j];
		for (int j = k + 1; j < n && next < 0 && prev < 0; j++)
			if (sp->font_of[j] >= 0 && kt_script_of(sp->us[j]))
				next = sp->font_of[j];
		sp->font_of[k] = prev >= 0 ? prev : next >= 0 ? next : 0;
	}
	for (int k = 0; k < n; k++) {
		if (t->fallback >= 0 && sp->us[k] > 0x7F) {
			TTF_Font *f = kt_font(t, sp->font_of[k], sp->bold_of[k], px);
			if (f && !TTF_GlyphIsProvided32(f, sp->us[k]))
				sp->font_of[k] = t->fallback;
		}
	}
	/* A character the fallback lacks too (the danda । alone on a key, with
	 * no Bengali letter before it to lend its font): the first face that
	 * has it. */
	for (int k = 0; k < n; k++) {
		if (t->fallback < 0 || sp->us[k] <= 0x7F || sp->font_of[k] != t->fallback)
			continue;
		TTF_Font *f = kt_font(t, sp->font_of[k], sp->bold_of[k], px);
		for (size_t i = 0; f && !TTF_GlyphIsProvided32(f, sp->us[k]) &&
		     i < t->n_faces; i++) {
			TTF_Font *g = kt_font(t, (int)i, sp->bold_of[k], px);
			if (g && TTF_GlyphIsProvided32(g, sp->us[k])) {
				sp->font_of[k] = (int)i;
				break;
			}
		}
	}

	/* Logical runs of one level, one font and one weight, then sorted
	 * visually. */
	for (int k = 0; k < n;) {
		int e = k + 1;
		while (e < n && sp->levels[e] == sp->levels[k] &&
		       sp->font_of[e] == sp->font_of[k] &&
		       sp->bold_of[e] == sp->bold_of[k])
			e++;
		if (sp->n_runs >= KIOSK_TEXT_MAX_RUNS)
			return -1;
		int vis = vis_of[k];
		for (int j = k; j < e; j++)
			if (vis_of[j] < vis)
				vis = vis_of[j];
		sp->runs[sp->n_runs].first = k;
		sp->runs[sp->n_runs].count = e - k;
		sp->runs[sp->n_runs].face = sp->font_of[k];
		sp->runs[sp->n_runs].rtl = (sp->levels[k] & 1) != 0;
		sp->runs[sp->n_runs].bold = sp->bold_of[k] != 0;
		sp->runs[sp->n_runs].vis = vis;
		sp->n_runs++;
		k = e;
	}
	for (int a = 1; a < sp->n_runs; a++)      /* insertion sort, few runs */
		for (int b = a; b > 0 && sp->runs[b].vis < sp->runs[b - 1].vis; b--) {
			__typeof__(sp->runs[0]) tmp = sp->runs[b];
			sp->runs[b] = sp->runs[b - 1];
			sp->runs[b - 1] = tmp;
		}
	return 0;
}

/* One run's text as a NUL-terminated UTF-8 copy in buf. */
static const char *kt_run_text(const char *utf8, const kt_split *sp, int r,
			       char *buf, size_t n)
{
	size_t s = sp->byte_of[sp->runs[r].first];
	size_t e = sp->byte_of[sp->runs[r].first + sp->runs[r].count];
	if (e - s >= n)
		e = s + n - 1;
	memcpy(buf, utf8 + s, e - s);
	buf[e - s] = '\0';
	return buf;
}

static TTF_Font *kt_run_font(kiosk_text *t, const kt_split *sp, int r, int px)
{
	TTF_Font *f = kt_font(t, sp->runs[r].face, sp->runs[r].bold, px);
	if (!f)
		return NULL;
	TTF_SetFontScriptName(f, t->faces[sp->runs[r].face].script);
	TTF_SetFontDirection(f, sp->runs[r].rtl ? TTF_DIRECTION_RTL
						: TTF_DIRECTION_LTR);
	return f;
}

static kt_split *kt_scratch(void)
{
	/* The kiosk draws from one thread; a static scratch keeps 100 KB off
	 * the stack. */
	static kt_split sp;
	return &sp;
}

static uint64_t kt_hash(const char *s);

int kiosk_text_measure(void *ctx, const char *utf8, int px, bool bold, bool rtl)
{
	kiosk_text *t = ctx;
	kt_split *sp = kt_scratch();
	static char run[KIOSK_TEXT_MAX_CHARS * 4 + 1];
	int total = 0;
	if (!t || !utf8)
		return 0;
	uint64_t key = (kt_hash(utf8) ^ ((uint64_t)px << 2 | (uint64_t)bold << 1 |
					  (uint64_t)rtl)) * 0x9E3779B97F4A7C15ull;
	if (key == 0)
		key = 1;
	kt_width *slot = &t->widths[key % KT_WIDTHS];
	if (slot->key == key)
		return slot->w;
	size_t len = strlen(utf8);
	if (kt_split_line(t, utf8, len, 0, len, rtl, bold, NULL, 0, px, sp) != 0)
		return 0;
	for (int r = 0; r < sp->n_runs; r++) {
		int w = 0, h = 0;
		TTF_Font *f = kt_run_font(t, sp, r, px);
		if (f && TTF_SizeUTF8(f, kt_run_text(utf8, sp, r, run, sizeof run),
				      &w, &h) == 0)
			total += w;
	}
	slot->key = key;
	slot->w = total;
	return total;
}

int kiosk_text_line_height(kiosk_text *t, int px)
{
	TTF_Font *f = kt_font(t, 0, false, px);
	return f ? TTF_FontHeight(f) : px * 4 / 3;
}

int kiosk_text_runs(kiosk_text *t, const char *utf8, bool rtl,
		    kiosk_text_run *runs, int max)
{
	size_t len = strlen(utf8);
	return kiosk_text_line_runs(t, utf8, len, 0, len, rtl, runs, max);
}

int kiosk_text_line_runs(kiosk_text *t, const char *para, size_t para_len,
			 size_t off, size_t len, bool rtl,
			 kiosk_text_run *runs, int max)
{
	return kiosk_text_line_runs_spans(t, para, para_len, off, len, NULL, 0,
					  rtl, runs, max);
}

int kiosk_text_line_runs_spans(kiosk_text *t, const char *para,
			       size_t para_len, size_t off, size_t len,
			       const kiosk_text_span *bold_spans, size_t n_bold,
			       bool rtl, kiosk_text_run *runs, int max)
{
	kt_split *sp = kt_scratch();
	if (kt_split_line(t, para, para_len, off, len, rtl, false, bold_spans,
			  n_bold, 24, sp) != 0)
		return -1;
	int n = sp->n_runs < max ? sp->n_runs : max;
	for (int r = 0; r < n; r++) {
		runs[r].start = off + sp->byte_of[sp->runs[r].first];
		runs[r].len = sp->byte_of[sp->runs[r].first + sp->runs[r].count] -
			      sp->byte_of[sp->runs[r].first];
		runs[r].rtl = sp->runs[r].rtl;
		runs[r].bold = sp->runs[r].bold;
		memcpy(runs[r].script, t->faces[sp->runs[r].face].script, 5);
	}
	return n;
}

bool kiosk_text_covers(kiosk_text *t, const char *utf8)
{
	kt_split *sp = kt_scratch();
	size_t len = strlen(utf8);
	if (kt_split_line(t, utf8, len, 0, len, false, false, NULL, 0, 24, sp) != 0)
		return false;
	for (int k = 0; k < sp->n; k++) {
		TTF_Font *f = kt_font(t, sp->font_of[k], false, 24);
		if (sp->us[k] > 0x20 && (!f || !TTF_GlyphIsProvided32(f, sp->us[k])))
			return false;
	}
	return true;
}

/* ---- drawing and the cache ------------------------------------------ */

static uint64_t kt_hash_n(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;       /* FNV-1a */
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

static uint64_t kt_hash(const char *s)
{
	return kt_hash_n(s, strlen(s));
}

static void kt_evict_one(kiosk_text *t)
{
	kt_entry *old = NULL;
	for (size_t i = 0; i < KIOSK_TEXT_CACHE_MAX; i++)
		if (t->cache[i].str && (!old || t->cache[i].used < old->used))
			old = &t->cache[i];
	if (!old)
		return;
	t->cached_bytes -= (size_t)old->w * (size_t)old->h * 4;
	t->cached--;
	if (old->tex)
		SDL_DestroyTexture(old->tex);
	free(old->str);
	memset(old, 0, sizeof *old);
}

/* A line: [off, off + len) of the paragraph para, para_len bytes, with
 * the paragraph's bold spans (n_bs, NULL none). */
typedef struct kt_line {
	const char *para;
	size_t para_len, off, len;
	const kiosk_text_span *bs;
	size_t n_bs;
} kt_line;

static SDL_Surface *kt_render_line(kiosk_text *t, const kt_line *ln, int px,
				   bool bold, bool rtl, uint32_t rgba)
{
	const char *utf8 = ln->para + ln->off;
	kt_split *sp = kt_scratch();
	static char run[KIOSK_TEXT_MAX_CHARS * 4 + 1];
	SDL_Surface *parts[KIOSK_TEXT_MAX_RUNS] = { 0 };
	int asc[KIOSK_TEXT_MAX_RUNS] = { 0 };
	SDL_Surface *line = NULL;
	SDL_Color col = { (Uint8)(rgba >> 24), (Uint8)(rgba >> 16),
			  (Uint8)(rgba >> 8), (Uint8)rgba };
	int w = 0, top = 0, bottom = 0;
	if (kt_split_line(t, ln->para, ln->para_len, ln->off, ln->len, rtl, bold,
			  ln->bs, ln->n_bs, px, sp) != 0 || sp->n_runs == 0)
		goto out;
	for (int r = 0; r < sp->n_runs; r++) {
		TTF_Font *f = kt_run_font(t, sp, r, px);
		if (!f)
			continue;
		parts[r] = TTF_RenderUTF8_Blended(f, kt_run_text(utf8, sp, r, run,
							       sizeof run), col);
		if (!parts[r])
			continue;
		asc[r] = TTF_FontAscent(f);
		w += parts[r]->w;
		if (asc[r] > top)
			top = asc[r];
		if (parts[r]->h - asc[r] > bottom)
			bottom = parts[r]->h - asc[r];
	}
	/* The line box is the default font's, so lines of any script align. */
	TTF_Font *base = kt_font(t, 0, bold, px);
	int base_asc = base ? TTF_FontAscent(base) : top;
	int base_h = base ? TTF_FontHeight(base) : top + bottom;
	int lift = top > base_asc ? top - base_asc : 0;
	int h = base_h + lift;
	if (top + bottom > h)
		h = top + bottom;
	if (w <= 0)
		goto out;
	line = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
	if (!line)
		goto out;
	SDL_FillRect(line, NULL, 0);
	int x = 0, baseline = base_asc + lift;
	for (int r = 0; r < sp->n_runs; r++) {
		if (!parts[r])
			continue;
		SDL_Rect dst = { x, baseline - asc[r], parts[r]->w, parts[r]->h };
		SDL_SetSurfaceBlendMode(parts[r], SDL_BLENDMODE_NONE);
		SDL_BlitSurface(parts[r], NULL, line, &dst);
		x += parts[r]->w;
	}
out:
	for (int r = 0; r < KIOSK_TEXT_MAX_RUNS; r++)
		if (parts[r])
			SDL_FreeSurface(parts[r]);
	return line;
}

/* The cached texture for a line, rendering it on a miss. */
static kt_entry *kt_get(kiosk_text *t, const kt_line *ln, int px, bool bold,
			bool rtl, uint32_t rgba)
{
	const char *utf8 = ln->para + ln->off;
	uint64_t h = kt_hash_n(utf8, ln->len);
	/* The same words draw differently in another paragraph ("116 123" after
	 * English or after Urdu): the paragraph is part of the key. */
	uint64_t ctx = ln->len == ln->para_len ? 0 :
		       (kt_hash_n(ln->para, ln->para_len) ^ ln->off) | 1;
	/* and so do they with bold spans */
	for (size_t b = 0; b < ln->n_bs; b++)
		ctx = ((ctx ^ ln->bs[b].off) * 1099511628211ull ^ ln->bs[b].len) *
		      1099511628211ull | 1;
	kt_entry *hit = NULL, *slot = NULL;
	t->tick++;
	for (size_t i = 0; i < KIOSK_TEXT_CACHE_MAX; i++) {
		kt_entry *e = &t->cache[i];
		if (!e->str) {
			if (!slot)
				slot = e;
			continue;
		}
		if (e->hash == h && e->ctx == ctx && e->px == px &&
		    e->bold == (int)bold && e->rtl == (int)rtl && e->rgba == rgba &&
		    strncmp(e->str, utf8, ln->len) == 0 && e->str[ln->len] == '\0') {
			hit = e;
			break;
		}
	}
	if (hit) {
		t->hits++;
		hit->used = t->tick;
		return hit;
	}
	t->misses++;
	SDL_Surface *s = kt_render_line(t, ln, px, bold, rtl, rgba);
	if (!s)
		return NULL;
	size_t bytes = (size_t)s->w * (size_t)s->h * 4;
	while (t->cached > 0 && (!slot || t->cached_bytes + bytes >
				 KIOSK_TEXT_CACHE_BYTES)) {
		kt_evict_one(t);
		for (size_t i = 0; i < KIOSK_TEXT_CACHE_MAX && !slot; i++)
			if (!t->cache[i].str)
				slot = &t->cache[i];
	}
	SDL_Texture *tex = SDL_CreateTextureFromSurface(t->ren, s);
	char *copy = strndup(utf8, ln->len);
	if (!tex || !copy || !slot) {
		if (tex)
			SDL_DestroyTexture(tex);
		free(copy);
		SDL_FreeSurface(s);
		return NULL;
	}
	SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_BLEND);
	*slot = (kt_entry){ copy, h, ctx, px, (int)bold, (int)rtl, rgba, tex,
			    s->w, s->h, t->tick };
	SDL_FreeSurface(s);
	t->cached++;
	t->cached_bytes += bytes;
	return slot;
}

int kiosk_text_draw(kiosk_text *t, const char *utf8, int px, bool bold,
		    bool rtl, uint32_t rgba, int x, int y)
{
	return kiosk_text_draw_in(t, utf8, px, bold, rtl, rgba, x, y, 0, 0);
}

int kiosk_text_draw_in(kiosk_text *t, const char *utf8, int px, bool bold,
		       bool rtl, uint32_t rgba, int x, int y, int w, int align)
{
	size_t len = utf8 ? strlen(utf8) : 0;
	return kiosk_text_draw_line(t, utf8, len, 0, len, px, bold, rtl, rgba,
				    x, y, w, align);
}

int kiosk_text_draw_line(kiosk_text *t, const char *para, size_t para_len,
			 size_t off, size_t len, int px, bool bold, bool rtl,
			 uint32_t rgba, int x, int y, int w, int align)
{
	return kiosk_text_draw_spans(t, para, para_len, off, len, NULL, 0, px,
				     bold, rtl, rgba, x, y, w, align);
}

int kiosk_text_draw_spans(kiosk_text *t, const char *para, size_t para_len,
			  size_t off, size_t len,
			  const kiosk_text_span *bold_spans, size_t n_bold,
			  int px, bool bold, bool rtl, uint32_t rgba, int x,
			  int y, int w, int align)
{
	if (!t || !t->ren || !para || len == 0)
		return 0;
	if (off + len > para_len)
		return -1;
	kt_line ln = { para, para_len, off, len, bold_spans, n_bold };
	kt_entry *e = kt_get(t, &ln, px, bold, rtl, rgba);
	if (!e)
		return -1;
	if (align == 1)
		x += (w - e->w) / 2;
	else if (align == 2)
		x += w - e->w;
	SDL_Rect dst = { x, y, e->w, e->h };
	SDL_RenderCopy(t->ren, e->tex, NULL, &dst);
	return e->w;
}

void kiosk_text_stats_get(const kiosk_text *t, kiosk_text_stats *st)
{
	st->cached = t->cached;
	st->cached_bytes = t->cached_bytes;
	st->hits = t->hits;
	st->misses = t->misses;
	st->fonts_open = t->n_fonts;
}
