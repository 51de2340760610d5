/* test_collector_volunteers: volunteer sign-ups on the collector (issue
 * 10): a pushed batch's sign-up is stored in its own table, sealed as it
 * came (never beside a response), duplicates and conflicts answered as for
 * responses; the store lists, changes state and erases (a resend of an
 * erased one is not kept again); the /volunteers page shows the opened
 * contact to the patient experience role only, changes state with a CSRF
 * form and erases after a confirm page, audited. Retention deletes the
 * sign-ups given before [retention] signup_months, whatever their state;
 * the erasure search finds one by its opened name or contact, and erasing
 * several is all or none. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../collector/collector_config.h"
#include "../../collector/ingest.h"
#include "../../collector/months.h"
#include "../../collector/retention.h"
#include "../../collector/safeguard.h"
#include "../../collector/store/store.h"
#include "../../collector/users.h"
#include "../../collector/web/web.h"
#include "seal.h"
#include "signup.h"

#define NOW 1794744000000LL            /* 2026-11-15 12:00 UTC */

#include "collector_web_fixture.h"

typedef struct vfx {
	fx *f;
	unsigned char pk[FB_KEY_BYTES], sk[FB_KEY_BYTES];
	coll_ingest *ig;
	coll_store_device dev;
} vfx;

static int open_cb(const void *ctx, const char *b64, char **plain, size_t *len, fb_err *err)
{
	return coll_ingest_open(ctx, b64, plain, len, err);
}

static int setup(void **state)
{
	vfx *v = calloc(1, sizeof *v);
	fb_err err;
	assert_non_null(v);
	v->f = fx_open("vol", NOW);
	v->f->addr = MANAGER_PC;
	fx_add_wards(v->f);
	add_role(v->f, "pat", "px", "patient-experience");
	add_user(v->f, "wendy", "willow");
	assert_int_equal(fb_keypair_generate(v->pk, v->sk, &err), 0);
	assert_int_equal(coll_ingest_new(v->f->st, v->sk, NULL, 50, &v->ig, &err), 0);
	coll_web_set_opener(v->f->w, open_cb, v->ig);
	unsigned char h[COLL_STORE_HASH_LEN] = {0xb1};
	assert_int_equal(coll_store_device_add(v->f->st, "kiosk-1", (const char *[]){"WARD1"}, 1, h,
					       NOW, &err), 0);
	assert_int_equal(coll_store_device_get(v->f->st, "kiosk-1", &v->dev, &err), 0);
	*state = v;
	return 0;
}

static int teardown(void **state)
{
	vfx *v = *state;
	coll_ingest_free(v->ig);
	fx_close(v->f);
	free(v);
	return 0;
}

/* A sign-up record as a kiosk makes it, sealed to the Trust's key, given
 * on date with contact. */
static char *signup_record_at(vfx *v, const char *id, const char *name, const char *contact,
			      const char *date)
{
	char plain[512], *sealed = NULL;
	fb_err err;
	snprintf(plain, sizeof plain, "{\"roles\":[\"Expert by Experience partner\","
		 "\"Young people's council\"],\"name\":\"%s\",\"contact\":\"%s\","
		 "\"language\":\"ur\",\"consent\":\"I agree <b>\"}", name, contact);
	assert_int_equal(fb_seal(v->pk, plain, strlen(plain), &sealed, &err), 0);
	char *body = fb_signup_body(id, "WARD1", date, sealed, &err);
	free(sealed);
	assert_non_null(body);
	return body;
}

static char *signup_record(vfx *v, const char *id, const char *location, const char *name)
{
	char plain[512], *sealed = NULL;
	fb_err err;
	snprintf(plain, sizeof plain, "{\"roles\":[\"Expert by Experience partner\","
		 "\"Young people's council\"],\"name\":\"%s\",\"contact\":\"07700 900123\","
		 "\"language\":\"ur\",\"consent\":\"I agree <b>\"}", name);
	assert_int_equal(fb_seal(v->pk, plain, strlen(plain), &sealed, &err), 0);
	char *body = fb_signup_body(id, location, "2026-11-15", sealed, &err);
	free(sealed);
	assert_non_null(body);
	return body;
}

/* Pushes one batch of records (JSON texts, joined) from kiosk-1; the reply's body. */
static json_t *push(vfx *v, const char *const *recs, size_t n)
{
	char body[16384];
	size_t used = (size_t)snprintf(body, sizeof body, "{\"protocol\":\"fb-sync/1\","
				       "\"device_id\":\"kiosk-1\",\"records\":[");
	for (size_t i = 0; i < n; i++)
		used += (size_t)snprintf(body + used, sizeof body - used, "%s%s", i ? "," : "", recs[i]);
	snprintf(body + used, sizeof body - used, "]}");
	coll_ingest_reply rep = {0};
	coll_ingest_responses(v->ig, &v->dev, body, strlen(body), NOW, &rep);
	assert_int_equal(rep.status, 200);
	json_t *o = json_loads(rep.body, 0, NULL);
	assert_non_null(o);
	coll_ingest_reply_clear(&rep);
	return o;
}

static const char *outcome(json_t *reply, size_t i)
{
	return json_string_value(json_object_get(json_array_get(json_object_get(reply, "results"), i),
						 "outcome"));
}

typedef struct list_ctx {
	int n;
	char ids[4][40];
	char sealed[4][2048];
	coll_store_signup_state st[4];
} list_ctx;

static int list_row(void *ctx, const coll_store_signup_row *r)
{
	list_ctx *l = ctx;
	if (l->n < 4) {
		snprintf(l->ids[l->n], sizeof l->ids[0], "%s", r->id);
		snprintf(l->sealed[l->n], sizeof l->sealed[0], "%s", r->sealed_b64);
		l->st[l->n] = r->state;
	}
	l->n++;
	return 0;
}

static int64_t responses_count(fx *f)
{
	int64_t n = 0;
	fb_err err;
	assert_int_equal(coll_store_count_responses(f->st, true, &n, &err), 0);
	return n;
}

static void test_a_pushed_sign_up_should_be_stored_apart_and_sealed(void **state)
{
	vfx *v = *state;
	const char *id = "00000000-0000-7abc-8def-0123456789ab";
	char *rec = signup_record(v, id, "WARD1", "Ann Lee");
	char *other = signup_record(v, id, "WARD1", "Someone Else");
	char *abroad = signup_record(v, "00000000-0000-7abc-8def-0123456789ac", "WARD2", "Bo");
	list_ctx l = {0};
	fb_err err;

	json_t *r = push(v, (const char *[]){rec}, 1);
	assert_string_equal(outcome(r, 0), "stored");
	json_decref(r);
	r = push(v, (const char *[]){rec, other, abroad}, 3);
	assert_string_equal(outcome(r, 0), "duplicate");
	assert_string_equal(outcome(r, 1), "conflict");
	assert_string_equal(outcome(r, 2), "rejected");   /* kiosk-1 is not enrolled for WARD2 */
	json_decref(r);
	assert_int_equal(responses_count(v->f), 0);      /* nothing went in with the responses */
	assert_int_equal(coll_store_signups_each(v->f->st, list_row, &l, &err), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.ids[0], id);
	assert_null(strstr(l.sealed[0], "Ann"));          /* kept sealed at rest */
	assert_int_equal(l.st[0], COLL_SIGNUP_NEW);
	int64_t n = 0;
	assert_int_equal(coll_store_signups_count(v->f->st, "2026-01-01", "2027-01-01", &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(coll_store_signups_count(v->f->st, "2025-01-01", "2026-01-01", &n, &err), 0);
	assert_int_equal(n, 0);
	free(rec);
	free(other);
	free(abroad);
}

static void test_a_sign_up_sealed_to_another_key_should_be_rejected(void **state)
{
	vfx *v = *state;
	unsigned char pk[FB_KEY_BYTES], sk[FB_KEY_BYTES];
	fb_err err;
	memcpy(pk, v->pk, sizeof pk);
	assert_int_equal(fb_keypair_generate(v->pk, sk, &err), 0);
	char *rec = signup_record(v, "00000000-0000-7abc-8def-0123456789ab", "WARD1", "Ann");
	memcpy(v->pk, pk, sizeof pk);
	json_t *r = push(v, (const char *[]){rec}, 1);
	assert_string_equal(outcome(r, 0), "rejected");
	json_decref(r);
	free(rec);
}

static void test_state_and_erasure_should_change_the_store(void **state)
{
	vfx *v = *state;
	const char *id = "00000000-0000-7abc-8def-0123456789ab";
	char *rec = signup_record(v, id, "WARD1", "Ann Lee");
	list_ctx l = {0};
	fb_err err;
	json_decref(push(v, (const char *[]){rec}, 1));
	assert_int_equal(coll_store_signup_set_state(v->f->st, id, COLL_SIGNUP_JOINED, "pat", NOW, &err), 0);
	assert_int_equal(coll_store_signups_each(v->f->st, list_row, &l, &err), 0);
	assert_int_equal(l.st[0], COLL_SIGNUP_JOINED);
	assert_int_equal(coll_store_signup_set_state(v->f->st, "00000000-0000-7abc-8def-0000000000ff",
						     COLL_SIGNUP_JOINED, "pat", NOW, &err), FB_ERR_NOTFOUND);
	assert_int_equal(coll_store_signup_erase(v->f->st, id, &err), 0);
	assert_int_equal(coll_store_signup_erase(v->f->st, id, &err), FB_ERR_NOTFOUND);
	/* the same sign-up sent again (a retry) is answered stored and not kept */
	json_t *r = push(v, (const char *[]){rec}, 1);
	assert_string_equal(outcome(r, 0), "duplicate");
	json_decref(r);
	l.n = 0;
	assert_int_equal(coll_store_signups_each(v->f->st, list_row, &l, &err), 0);
	assert_int_equal(l.n, 0);
	free(rec);
}

static int audit_row(void *ctx, const coll_store_audit_row *r)
{
	int *n = ctx;
	if (strcmp(r->action, COLL_AUDIT_ERASURE) == 0 && strstr(r->object, "sign-up") &&
	    strcmp(r->user, "pat") == 0 && !strstr(r->detail, "Ann"))
		(*n)++;
	return 0;
}

static void test_the_page_should_be_for_patient_experience_with_forms_that_work(void **state)
{
	vfx *v = *state;
	fx *f = v->f;
	const char *id = "00000000-0000-7abc-8def-0123456789ab";
	char *rec = signup_record(v, id, "WARD1", "Ann <Lee>");
	char path[96], body[256];
	json_decref(push(v, (const char *[]){rec}, 1));

	login(f, "wendy");
	assert_null(strstr(f->r.body, "href=\"/volunteers\""));   /* not in a results user's menu */
	get(f, "/volunteers");
	assert_int_equal(f->r.status, 403);
	assert_null(strstr(f->r.body, "Ann"));
	snprintf(body, sizeof body, "csrf=%s&state=joined", f->csrf);
	snprintf(path, sizeof path, "/volunteers/%s/state", id);
	send_req(f, "POST", path, f->cookie, body);
	assert_int_equal(f->r.status, 403);

	f->cookie[0] = '\0';
	login(f, "pat");
	assert_non_null(strstr(f->r.body, "href=\"/volunteers\">Volunteers"));
	get(f, "/volunteers");
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, "Ann &lt;Lee&gt;"));   /* opened, escaped */
	assert_null(strstr(f->r.body, "Ann <Lee>"));
	assert_non_null(strstr(f->r.body, "07700 900123"));
	assert_non_null(strstr(f->r.body, "Young people&#39;s council"));
	assert_non_null(strstr(f->r.body, "I agree &lt;b&gt;"));
	assert_non_null(strstr(f->r.body, "2026-11-15"));
	/* a form without the session's token does nothing */
	send_req(f, "POST", path, f->cookie, "csrf=forged&state=joined");
	assert_int_equal(f->r.status, 403);
	snprintf(body, sizeof body, "csrf=%s&state=joined", f->csrf);
	send_req(f, "POST", path, f->cookie, body);
	assert_int_equal(f->r.status, 303);
	get(f, "/volunteers");
	assert_non_null(strstr(f->r.body, "value=\"joined\" selected"));
	assert_non_null(strstr(f->r.body, "By pat"));

	snprintf(path, sizeof path, "/volunteers/%s/erase", id);
	get(f, path);
	assert_int_equal(f->r.status, 200);
	assert_non_null(strstr(f->r.body, "Erase this sign-up?"));
	snprintf(body, sizeof body, "csrf=%s", f->csrf);
	send_req(f, "POST", path, f->cookie, body);          /* not confirmed */
	assert_int_equal(f->r.status, 400);
	snprintf(body, sizeof body, "csrf=%s&confirm=yes", f->csrf);
	send_req(f, "POST", path, f->cookie, body);
	assert_int_equal(f->r.status, 303);
	get(f, "/volunteers");
	assert_null(strstr(f->r.body, "Ann"));
	assert_non_null(strstr(f->r.body, "No sign-ups yet"));
	int n = 0;
	fb_err err;
	coll_store_audit_query q = {.action = COLL_AUDIT_ERASURE};
	assert_int_equal(coll_store_audit_each(f->st, &q, audit_row, &n, &err), 0);
	assert_int_equal(n, 1);
	free(rec);
}

#define ID_OLD "00000000-0000-7abc-8def-000000000001"
#define ID_EDGE "00000000-0000-7abc-8def-000000000002"
#define ID_NEW "00000000-0000-7abc-8def-000000000003"

/* Three sign-ups: the day before the 24-month limit of NOW (joined), its
 * first day, and this month. */
static void push_three(vfx *v)
{
	char *a = signup_record_at(v, ID_OLD, "Olive Old", "07700 900111", "2024-10-31");
	char *b = signup_record_at(v, ID_EDGE, "Kim Édgé", "kim@example.org", "2024-11-01");
	char *c = signup_record_at(v, ID_NEW, "Priya Example", "07700 900777", "2026-11-15");
	fb_err err;
	json_decref(push(v, (const char *[]){a, b, c}, 3));
	assert_int_equal(coll_store_signup_set_state(v->f->st, ID_OLD, COLL_SIGNUP_JOINED, "pat", NOW,
						     &err), 0);
	free(a);
	free(b);
	free(c);
}

static void test_retention_should_delete_sign_ups_given_before_the_limit_even_joined(void **state)
{
	vfx *v = *state;
	coll_config cfg;
	coll_store_retention plan;
	coll_store_retention_done done;
	list_ctx l = {0};
	fb_err err;
	push_three(v);
	coll_config_defaults(&cfg);
	assert_int_equal(cfg.signup_months, 24);
	coll_retention_plan(&cfg, NOW, true, &plan);
	assert_string_equal(plan.signups_before, "2024-11-01");
	assert_int_equal(coll_store_retention_run(v->f->st, &plan, &done, &err), 0);
	assert_int_equal(done.signups, 1);
	assert_int_equal(coll_store_signups_each(v->f->st, list_row, &l, &err), 0);
	assert_int_equal(l.n, 3);                          /* a dry run changes nothing */
	plan.dry_run = false;
	assert_int_equal(coll_store_retention_run(v->f->st, &plan, &done, &err), 0);
	assert_int_equal(done.signups, 1);
	l.n = 0;
	assert_int_equal(coll_store_signups_each(v->f->st, list_row, &l, &err), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.ids[0], ID_NEW);
	assert_string_equal(l.ids[1], ID_EDGE);
	assert_int_equal(coll_store_retention_run(v->f->st, &plan, &done, &err), 0);
	assert_int_equal(done.signups, 0);
	/* a shorter limit takes the first day of the old one too */
	cfg.signup_months = 6;
	coll_retention_plan(&cfg, NOW, false, &plan);
	assert_string_equal(plan.signups_before, "2026-05-01");
	assert_int_equal(coll_store_retention_run(v->f->st, &plan, &done, &err), 0);
	assert_int_equal(done.signups, 1);
}

typedef struct hit_list {
	int n;
	char ids[4][40];
	char contact[4][64];
} hit_list;

static int hit_row(void *ctx, const coll_store_signup_hit *h)
{
	hit_list *l = ctx;
	if (l->n < 4) {
		snprintf(l->ids[l->n], sizeof l->ids[0], "%s", h->id);
		snprintf(l->contact[l->n], sizeof l->contact[0], "%s", h->contact);
	}
	l->n++;
	return 0;
}

static void test_erase_search_should_find_a_sign_up_by_its_opened_name_or_contact(void **state)
{
	vfx *v = *state;
	hit_list l = {0};
	int64_t unopened = -1;
	fb_err err;
	push_three(v);
	assert_int_equal(coll_store_signups_search(v->f->st, "07700 900777", open_cb, v->ig, hit_row,
						   &l, &unopened, &err), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.ids[0], ID_NEW);
	assert_string_equal(l.contact[0], "07700 900777");
	assert_int_equal(unopened, 0);
	/* names folded as the responses' search folds them: case, accents as written */
	l.n = 0;
	assert_int_equal(coll_store_signups_search(v->f->st, "KIM ÉDGÉ", open_cb, v->ig, hit_row, &l,
						   &unopened, &err), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.ids[0], ID_EDGE);
	l.n = 0;
	assert_int_equal(coll_store_signups_search(v->f->st, "07700 9007778", open_cb, v->ig, hit_row,
						   &l, &unopened, &err), 0);
	assert_int_equal(l.n, 0);
	/* roles and consent are not searched: everyone has the same */
	assert_int_equal(coll_store_signups_search(v->f->st, "expert by", open_cb, v->ig, hit_row,
						   &l, &unopened, &err), 0);
	assert_int_equal(l.n, 0);
	/* without the key nothing is found, and it says how many it could not open */
	assert_int_equal(coll_store_signups_search(v->f->st, "07700", NULL, NULL, hit_row, &l,
						   &unopened, &err), 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(unopened, 3);
	assert_int_equal(coll_store_signups_search(v->f->st, "", open_cb, v->ig, hit_row, &l,
						   &unopened, &err), FB_ERR_INVALID);
}

static void test_erasing_several_sign_ups_should_be_all_or_none(void **state)
{
	vfx *v = *state;
	list_ctx l = {0};
	fb_err err;
	push_three(v);
	assert_int_equal(coll_store_signups_erase(v->f->st, (const char *[]){ID_OLD,
		"00000000-0000-7abc-8def-0000000000ff"}, 2, &err), FB_ERR_NOTFOUND);
	assert_non_null(strstr(err.msg, "0000000000ff"));
	assert_int_equal(coll_store_signups_each(v->f->st, list_row, &l, &err), 0);
	assert_int_equal(l.n, 3);
	assert_int_equal(coll_store_signups_erase(v->f->st, (const char *[]){ID_OLD, ID_NEW}, 2, &err),
			 0);
	l.n = 0;
	assert_int_equal(coll_store_signups_each(v->f->st, list_row, &l, &err), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.ids[0], ID_EDGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(t) cmocka_unit_test_setup_teardown(t, setup, teardown)
		T(test_a_pushed_sign_up_should_be_stored_apart_and_sealed),
		T(test_a_sign_up_sealed_to_another_key_should_be_rejected),
		T(test_state_and_erasure_should_change_the_store),
		T(test_the_page_should_be_for_patient_experience_with_forms_that_work),
		T(test_retention_should_delete_sign_ups_given_before_the_limit_even_joined),
		T(test_erase_search_should_find_a_sign_up_by_its_opened_name_or_contact),
		T(test_erasing_several_sign_ups_should_be_all_or_none),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
