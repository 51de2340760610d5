#include "log.h"

#include <stdio.h>
#include <string.h>

#include "clock.h"

static const char *log_prog = "feedback";

void fb_log_set_program(const char *prog)
{
	log_prog = prog && prog[0] ? prog : "feedback";
}

void fb_log_time(char *out, size_t size)
{
	fb_format_utc(fb_wall_ms(), out, size);
}

void fb_vlog(const char *fmt, va_list ap)
{
	char line[FB_LOG_LINE_MAX];
	char when[32];
	int n, m;

	fb_log_time(when, sizeof when);
	n = snprintf(line, sizeof line, "%s %s: ", when, log_prog);
	if (n < 0 || (size_t)n >= sizeof line - 2)
		return;
	m = vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
	if (m < 0)
		return;
	size_t len = (size_t)n + (size_t)m;
	if (len > sizeof line - 2) {          /* cut: room for "...\n" */
		len = sizeof line - 5;
		memcpy(line + len, "...", 3);
		len += 3;
	}
	while (len > (size_t)n && line[len - 1] == '\n')   /* one newline, ours */
		len--;
	line[len++] = '\n';
	fwrite(line, 1, len, stderr);
}

void fb_log(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fb_vlog(fmt, ap);
	va_end(ap);
}

void fb_log_clean(const char *in, char *out, size_t size)
{
	size_t i = 0;
	if (size == 0)
		return;
	if (!in || !in[0]) {
		snprintf(out, size, "-");
		return;
	}
	for (; in[i] && i < size - 1; i++) {
		unsigned char ch = (unsigned char)in[i];
		out[i] = ch > 0x20 && ch < 0x7f && ch != '"' && ch != '\\' && ch != '=' ? (char)ch : '?';
	}
	out[i] = '\0';
	if (in[i] && i >= 3)
		memcpy(out + i - 3, "...", 3);
}
