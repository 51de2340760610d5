/* Tests for the volunteer offer after the questions (issue 10): Yes and No
 * thanks, the roles, a name and a contact, consent required before Send,
 * the sign-up handed over apart from the response (after it was stored, with
 * none of its answers), nothing kept when the person walks away, and the
 * offer's words in the person's language through the view. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../../kiosk/flow.h"
#include "../../kiosk/layout.h"
#include "../../kiosk/speech.h"
#include "../../kiosk/staff.h"
#include "../../kiosk/view.h"
#include "../../kiosk/words.h"
#include "config.h"
#include "survey.h"
#include "kiosk_fixture.h"
#include "assert_text.h"
#include "src_path.h"
#include "flow_fixture.h"

typedef struct signup_seen {
	int n;
	int subs_before;        /* responses stored when the sign-up came */
	char roles[4][FB_VOLUNTEER_ROLE_MAX];
	size_t n_roles;
	char name[400], contact[500], language[16], location[32];
	int fail_with;
} signup_seen;

static signup_seen seen;
static fixture *cur;

static int fake_signup(void *ctx, const fb_flow_signup *s, fb_err *err)
{
	signup_seen *w = ctx;
	if (w->fail_with)
		return fb_err_set(err, (fb_code)w->fail_with, "disk full: the queue could not grow");
	w->n++;
	w->subs_before = cur->n_subs;
	w->n_roles = s->n_roles;
	for (size_t i = 0; i < s->n_roles && i < 4; i++)
		snprintf(w->roles[i], sizeof w->roles[i], "%s", s->roles[i]);
	snprintf(w->name, sizeof w->name, "%s", s->name);
	snprintf(w->contact, sizeof w->contact, "%s", s->contact);
	snprintf(w->language, sizeof w->language, "%s", s->language);
	snprintf(w->location, sizeof w->location, "%s", s->location);
	return 0;
}

static int setup_roles(void **state)
{
	int rc = setup(state);
	fixture *fx = *state;
	if (rc)
		return rc;
	memset(&seen, 0, sizeof seen);
	cur = fx;
	snprintf(fx->o.roles[0], FB_VOLUNTEER_ROLE_MAX, "Expert by Experience partner");
	snprintf(fx->o.roles[1], FB_VOLUNTEER_ROLE_MAX, "Quality improvement volunteer");
	snprintf(fx->o.roles[2], FB_VOLUNTEER_ROLE_MAX, "Young people's council");
	fx->o.n_roles = 3;
	fx->o.signup = fake_signup;
	fx->o.signup_ctx = &seen;
	make_flow(fx);
	return 0;
}

static void test_without_roles_a_response_should_go_straight_to_thanks(void **state)
{
	fixture *fx = *state;
	complete_quickly(fx, 1);
	assert_int_equal(fx->n_subs, 1);
	assert_int_equal(screen(fx), FB_SCREEN_THANKS);
}

static void test_no_thanks_should_go_to_thanks_with_nothing_signed_up(void **state)
{
	fixture *fx = *state;
	complete_quickly(fx, 1);
	assert_int_equal(fx->n_subs, 1);   /* the response is stored before the offer */
	assert_int_equal(screen(fx), FB_SCREEN_VOLUNTEER_ASK);
	assert_true(send(fx, FB_EV_CONFIRM_NO, 0, 500));
	assert_int_equal(screen(fx), FB_SCREEN_THANKS);
	assert_int_equal(seen.n, 0);
	wait_ms(fx, 25000);
	assert_int_equal(screen(fx), FB_SCREEN_ATTRACT);
}

static void go_to_consent(fixture *fx)
{
	complete_quickly(fx, 2);
	assert_true(send(fx, FB_EV_CONFIRM_YES, 0, 500));
	assert_int_equal(screen(fx), FB_SCREEN_VOLUNTEER_ROLES);
	assert_false(fb_flow_volunteer_can_next(fx->flow));
	assert_false(send(fx, FB_EV_NEXT, 0, 200));          /* no role yet */
	assert_int_equal(screen(fx), FB_SCREEN_VOLUNTEER_ROLES);
	assert_true(send(fx, FB_EV_TOGGLE_OPTION, 0, 200));
	assert_true(send(fx, FB_EV_TOGGLE_OPTION, 2, 200));
	assert_true(send(fx, FB_EV_TOGGLE_OPTION, 1, 200));
	assert_true(send(fx, FB_EV_TOGGLE_OPTION, 1, 200));  /* and not that one after all */
	assert_true(fb_flow_volunteer_role_chosen(fx->flow, 2));
	assert_false(fb_flow_volunteer_role_chosen(fx->flow, 1));
	assert_true(send(fx, FB_EV_NEXT, 0, 200));
	assert_int_equal(screen(fx), FB_SCREEN_VOLUNTEER_NAME);
	assert_false(send(fx, FB_EV_NEXT, 0, 200));          /* nothing typed */
	type_text(fx, "   ");
	assert_false(fb_flow_volunteer_can_next(fx->flow));  /* spaces are not a name */
	for (int i = 0; i < 3; i++)
		send(fx, FB_EV_TEXT_BACKSPACE, 0, 100);
	type_text(fx, "Zoë Kowalska");
	assert_string_equal(fb_flow_volunteer_text(fx->flow), "Zoë Kowalska");
	assert_true(send(fx, FB_EV_NEXT, 0, 200));
	assert_int_equal(screen(fx), FB_SCREEN_VOLUNTEER_CONTACT);
	assert_string_equal(fb_flow_volunteer_text(fx->flow), "");
	type_text(fx, "zoe@example.org");
	assert_true(send(fx, FB_EV_NEXT, 0, 200));
	assert_int_equal(screen(fx), FB_SCREEN_VOLUNTEER_CONSENT);
}

static void test_send_should_wait_for_consent_then_hand_over_the_sign_up(void **state)
{
	fixture *fx = *state;
	go_to_consent(fx);
	assert_false(fb_flow_volunteer_can_next(fx->flow));
	assert_false(send(fx, FB_EV_NEXT, 0, 200));
	assert_int_equal(screen(fx), FB_SCREEN_VOLUNTEER_CONSENT);
	assert_int_equal(seen.n, 0);
	assert_true(send(fx, FB_EV_TOGGLE_OPTION, 0, 200));
	assert_true(send(fx, FB_EV_TOGGLE_OPTION, 0, 200));  /* unticked again */
	assert_false(send(fx, FB_EV_NEXT, 0, 200));
	assert_true(send(fx, FB_EV_TOGGLE_OPTION, 0, 200));
	assert_true(send(fx, FB_EV_NEXT, 0, 200));
	assert_int_equal(screen(fx), FB_SCREEN_THANKS);
	assert_int_equal(seen.n, 1);
	assert_int_equal(seen.subs_before, 1);   /* the response went first, alone */
	assert_int_equal(seen.n_roles, 2);
	assert_string_equal(seen.roles[0], "Expert by Experience partner");
	assert_string_equal(seen.roles[1], "Young people's council");
	assert_string_equal(seen.name, "Zoë Kowalska");
	assert_string_equal(seen.contact, "zoe@example.org");
	assert_string_equal(seen.language, "en");
	assert_string_equal(seen.location, "ward-a");
	/* the response knows nothing of it */
	assert_null(strstr(fx->subs[0].answers, "Zo"));
	assert_null(strstr(fx->subs[0].priv, "Zo"));
	assert_int_equal(fx->n_subs, 1);
}

static void test_back_should_step_back_through_the_sign_up_keeping_what_was_typed(void **state)
{
	fixture *fx = *state;
	go_to_consent(fx);
	assert_true(send(fx, FB_EV_BACK, 0, 200));
	assert_int_equal(screen(fx), FB_SCREEN_VOLUNTEER_CONTACT);
	assert_string_equal(fb_flow_volunteer_text(fx->flow), "zoe@example.org");
	assert_true(send(fx, FB_EV_BACK, 0, 200));
	assert_true(send(fx, FB_EV_BACK, 0, 200));
	assert_int_equal(screen(fx), FB_SCREEN_VOLUNTEER_ROLES);
	assert_true(send(fx, FB_EV_BACK, 0, 200));
	assert_int_equal(screen(fx), FB_SCREEN_VOLUNTEER_ASK);
}

static void test_walking_away_should_keep_nothing_of_the_sign_up(void **state)
{
	fixture *fx = *state;
	go_to_consent(fx);
	wait_ms(fx, 60000);
	assert_int_equal(screen(fx), FB_SCREEN_STILL_THERE);
	wait_ms(fx, 25000);
	assert_int_equal(screen(fx), FB_SCREEN_ATTRACT);
	assert_int_equal(seen.n, 0);
	assert_int_equal(fx->n_subs, 1);          /* no partial made of it */
	/* the next person starts clean */
	complete_quickly(fx, 1);
	assert_true(send(fx, FB_EV_CONFIRM_YES, 0, 500));
	assert_false(fb_flow_volunteer_role_chosen(fx->flow, 0));
	assert_true(send(fx, FB_EV_TOGGLE_OPTION, 1, 200));
	assert_true(send(fx, FB_EV_NEXT, 0, 200));
	assert_string_equal(fb_flow_volunteer_text(fx->flow), "");
}

static void test_a_sign_up_that_cannot_be_saved_should_say_sorry(void **state)
{
	fixture *fx = *state;
	go_to_consent(fx);
	seen.fail_with = FB_ERR_FULL;
	send(fx, FB_EV_TOGGLE_OPTION, 0, 200);
	assert_true(send(fx, FB_EV_NEXT, 0, 200));
	assert_int_equal(screen(fx), FB_SCREEN_SORRY);
	assert_int_equal(fb_flow_last_error(fx->flow)->code, FB_ERR_FULL);
}

static void test_a_failed_response_should_not_offer_volunteering(void **state)
{
	fixture *fx = *state;
	fx->fail_with = FB_ERR_FULL;
	complete_quickly(fx, 1);
	assert_int_equal(screen(fx), FB_SCREEN_SORRY);
}

static void test_the_name_should_be_capped(void **state)
{
	fixture *fx = *state;
	char longname[400];
	complete_quickly(fx, 1);
	send(fx, FB_EV_CONFIRM_YES, 0, 200);
	send(fx, FB_EV_TOGGLE_OPTION, 0, 200);
	send(fx, FB_EV_NEXT, 0, 200);
	memset(longname, 'a', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	type_text(fx, longname);
	assert_int_equal(strlen(fb_flow_volunteer_text(fx->flow)), FB_FLOW_VOLUNTEER_NAME_MAX);
}

static void test_the_view_should_offer_the_roles_and_consent_in_polish(void **state)
{
	fixture *fx = *state;
	fb_config cfg;
	fb_err err;
	kiosk_view v;
	kiosk_view_words *w = NULL;
	static const char conf[] =
		"[device]\nid = k1\nlocation_code = ward-a\ndata_dir = /tmp\n"
		"trust_public_key = AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=\n"
		"[kiosk]\nsurvey_file = s.json\n"
		"[volunteer]\nroles = Expert by Experience partner; Quality improvement volunteer;"
		" Young people's council\n"
		"roles.pl = Partner z doświadczeniem; Wolontariusz ds. jakości; Rada młodzieży\n";
	if (fb_config_load_text("t.conf", "/tmp", conf, strlen(conf), &cfg, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(cfg.n_volunteer_roles, 3);
	assert_string_equal(fb_config_volunteer_role(&cfg, "pl", 2), "Rada młodzieży");
	assert_string_equal(fb_config_volunteer_role(&cfg, "ur", 2), "Young people's council");
	assert_int_equal(kiosk_view_words_new(&w), 0);
	begin_in(fx, 1);
	send(fx, FB_EV_CHOOSE_ANSWER, 1, 500);
	send(fx, FB_EV_NEXT, 0, 200);
	send(fx, FB_EV_CHOOSE_ANSWER, 0, 200);
	send(fx, FB_EV_NEXT, 0, 200);
	send(fx, FB_EV_SKIP, 0, 200);
	send(fx, FB_EV_SKIP, 0, 200);
	assert_int_equal(screen(fx), FB_SCREEN_VOLUNTEER_ASK);
	kiosk_view_facts facts = {.flow = fx->flow, .survey = fx->survey, .cfg = &cfg,
				  .now_ms = fx->now};
	char said[4096];
	kiosk_view_build(&v, w, &facts);
	assert_string_equal(v.title, fb_str("pl", FB_STR_VOLUNTEER_TITLE));
	kiosk_speech_script(&v, said, sizeof said);     /* read aloud: the offer and both answers */
	assert_non_null(strstr(said, fb_str("pl", FB_STR_VOLUNTEER_YES)));
	assert_non_null(strstr(said, fb_str("pl", FB_STR_VOLUNTEER_NO)));
	assert_string_not_equal(v.title, fb_str("en", FB_STR_VOLUNTEER_TITLE));
	send(fx, FB_EV_CONFIRM_YES, 0, 200);
	kiosk_view_build(&v, w, &facts);
	assert_int_equal(v.n_options, 3);
	assert_string_equal(v.options[0].label, "Partner z doświadczeniem");
	assert_false(v.can_next);
	send(fx, FB_EV_TOGGLE_OPTION, 0, 200);
	send(fx, FB_EV_NEXT, 0, 200);
	type_text(fx, "Ola");
	kiosk_view_build(&v, w, &facts);
	kiosk_speech_script(&v, said, sizeof said);
	assert_null(strstr(said, "Ola"));                /* what was typed is never read out */
	assert_non_null(strstr(said, fb_str("pl", FB_STR_VOLUNTEER_NAME)));
	send(fx, FB_EV_NEXT, 0, 200);
	type_text(fx, "0123");
	send(fx, FB_EV_NEXT, 0, 200);
	kiosk_view_build(&v, w, &facts);
	assert_int_equal(v.n_options, 1);
	assert_string_equal(v.help, fb_str("pl", FB_STR_VOLUNTEER_CONSENT));
	assert_string_equal(v.options[0].label, fb_str("pl", FB_STR_VOLUNTEER_AGREE));
	kiosk_speech_script(&v, said, sizeof said);
	assert_non_null(strstr(said, "Trust"));          /* the consent sentence is read */
	assert_string_equal(v.next_label, fb_str("pl", FB_STR_SEND));
	assert_false(v.can_next);
	kiosk_view_words_free(w);
}

static void test_config_should_refuse_translated_roles_that_do_not_match(void **state)
{
	(void)state;
	fb_config cfg;
	fb_err err;
	static const char conf[] =
		"[device]\nid = k1\nlocation_code = ward-a\ndata_dir = /tmp\n"
		"trust_public_key = AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=\n"
		"[kiosk]\nsurvey_file = s.json\n"
		"[volunteer]\nroles = A; B\nroles.pl = Tylko jedna\n";
	assert_int_not_equal(fb_config_load_text("t.conf", "/tmp", conf, strlen(conf), &cfg, &err), 0);
	if (!strstr(err.msg, "same roles in the same order"))
		fail_msg("%s", err.msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_without_roles_a_response_should_go_straight_to_thanks,
						setup, teardown),
#define T(t) cmocka_unit_test_setup_teardown(t, setup_roles, teardown)
		T(test_no_thanks_should_go_to_thanks_with_nothing_signed_up),
		T(test_send_should_wait_for_consent_then_hand_over_the_sign_up),
		T(test_back_should_step_back_through_the_sign_up_keeping_what_was_typed),
		T(test_walking_away_should_keep_nothing_of_the_sign_up),
		T(test_a_sign_up_that_cannot_be_saved_should_say_sorry),
		T(test_a_failed_response_should_not_offer_volunteering),
		T(test_the_name_should_be_capped),
		T(test_the_view_should_offer_the_roles_and_consent_in_polish),
		T(test_config_should_refuse_translated_roles_that_do_not_match),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
