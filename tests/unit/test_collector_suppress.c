/* test_collector_suppress: no figure a Trust publishes lets anyone work out
 * a hidden small number. The property test plays the attacker on 10,000
 * random team tables: it writes down every sum a reader knows from what is
 * shown (each location's row and total, the team's counts, and every shown
 * percentage, and that a hidden figure is at least 1 because zeros are
 * shown), and for each hidden figure looks for another table that fits all
 * of that and gives the figure a different value. Finding none
 * means the figure can be worked out: a failure. The attacker is written
 * independently of the suppressor (linear algebra, not graphs). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../collector/suppress.h"

#define ROWS_MAX 5
#define VARS_MAX ((ROWS_MAX + 1) * 7)
#define EQS_MAX (ROWS_MAX * 3 + 6 + 5)

/* ---- the attacker ---------------------------------------------------------- */

typedef struct facts {
	int n_vars;
	int64_t value[VARS_MAX];
	bool hidden[VARS_MAX];
	int n_eqs;
	double a[EQS_MAX][VARS_MAX];   /* a . x = rhs, over all variables */
	double rhs[EQS_MAX];
} facts;

static int var_of(const coll_sup_table *t, size_t r, int k)   /* k 0..5 answers, 6 total */
{
	return (int)r * 7 + k;
}

static void eq_begin(facts *f)
{
	memset(f->a[f->n_eqs], 0, sizeof f->a[0]);
	f->rhs[f->n_eqs] = 0;
}

/* Everything a reader of the published figures knows. */
static void facts_of(const coll_sup_table *t, facts *f)
{
	memset(f, 0, sizeof *f);
	size_t rows = t->n_rows + (t->team_shown ? 1 : 0);
	f->n_vars = (int)rows * 7;
	for (size_t r = 0; r < rows; r++) {
		const coll_sup_row *row = r == t->n_rows ? &t->team : &t->rows[r];
		for (int k = 0; k < 6; k++) {
			f->value[var_of(t, r, k)] = row->count[k];
			f->hidden[var_of(t, r, k)] = row->count_hidden[k];
		}
		f->value[var_of(t, r, 6)] = row->total;
		f->hidden[var_of(t, r, 6)] = row->total_hidden;
		/* the row adds up */
		eq_begin(f);
		for (int k = 0; k < 6; k++)
			f->a[f->n_eqs][var_of(t, r, k)] = 1;
		f->a[f->n_eqs][var_of(t, r, 6)] = -1;
		f->n_eqs++;
		/* a shown percentage times the shown total gives a part */
		if (!row->positive_hidden) {
			eq_begin(f);
			f->a[f->n_eqs][var_of(t, r, 0)] = f->a[f->n_eqs][var_of(t, r, 1)] = 1;
			f->rhs[f->n_eqs] = (double)(row->count[0] + row->count[1]);
			f->n_eqs++;
		}
		if (!row->negative_hidden) {
			eq_begin(f);
			f->a[f->n_eqs][var_of(t, r, 3)] = f->a[f->n_eqs][var_of(t, r, 4)] = 1;
			f->rhs[f->n_eqs] = (double)(row->count[3] + row->count[4]);
			f->n_eqs++;
		}
	}
	if (t->team_shown) {   /* the team's figures are the columns' sums */
		for (int k = 0; k < 7; k++) {
			eq_begin(f);
			for (size_t r = 0; r < t->n_rows; r++)
				f->a[f->n_eqs][var_of(t, r, k)] = 1;
			f->a[f->n_eqs][var_of(t, t->n_rows, k)] = -1;
			f->n_eqs++;
		}
	}
}

/* Another table, equal in every shown figure and sum, in which figure v
 * differs: x + d with d in {-1, 0, 1} on the hidden figures, found by
 * backtracking with propagation over the sums. Zeros are shown, so a reader
 * knows every hidden figure is at least 1: the other table keeps them so. */
typedef struct search {
	const facts *f;
	int d[VARS_MAX];          /* -1, 0, 1, or UNSET */
	long budget;
} search;

#define UNSET 9

static bool fits(const search *s, int v, int d)
{
	int64_t x = s->f->value[v] + d;
	return x >= (s->f->value[v] > 0 ? 1 : 0);
}

static bool extend(search *s)
{
	const facts *f = s->f;
	if (--s->budget < 0)
		return false;
	int best_eq = -1, best_free = VARS_MAX + 1;
	for (int e = 0; e < f->n_eqs; e++) {
		double sum = 0;
		int free_vars = 0;
		for (int v = 0; v < f->n_vars; v++) {
			if (!f->hidden[v] || f->a[e][v] == 0)
				continue;
			if (s->d[v] == UNSET)
				free_vars++;
			else
				sum += f->a[e][v] * s->d[v];
		}
		if (free_vars == 0 && fabs(sum) > 1e-9)
			return false;
		if (free_vars > 0 && free_vars < best_free) {
			best_free = free_vars;
			best_eq = e;
		}
	}
	if (best_eq < 0) {
		for (int v = 0; v < f->n_vars; v++)   /* in no sum: free to stay */
			if (f->hidden[v] && s->d[v] == UNSET)
				s->d[v] = 0;
		return true;
	}
	int v = 0;
	while (!(f->hidden[v] && f->a[best_eq][v] != 0 && s->d[v] == UNSET))
		v++;
	static const int tries[3] = {0, 1, -1};
	for (int i = 0; i < 3; i++) {
		if (!fits(s, v, tries[i]))
			continue;
		s->d[v] = tries[i];
		if (extend(s))
			return true;
	}
	s->d[v] = UNSET;
	return false;
}

static bool another_table_exists(const facts *f, int v, bool *out_of_budget)
{
	search s = {.f = f, .budget = 200000};
	for (int dir = -1; dir <= 1; dir += 2) {
		for (int x = 0; x < VARS_MAX; x++)
			s.d[x] = UNSET;
		if (!fits(&s, v, dir))
			continue;
		s.d[v] = dir;
		if (extend(&s))
			return true;
	}
	*out_of_budget = s.budget < 0;
	return false;
}

/* The first hidden figure that can be worked out, or -1. */
static int first_worked_out(const coll_sup_table *t)
{
	static facts f;
	facts_of(t, &f);
	for (int v = 0; v < f.n_vars; v++) {
		bool out_of_budget = false;
		if (f.hidden[v] && !another_table_exists(&f, v, &out_of_budget)) {
			if (out_of_budget)
				printf("  (search budget spent: not proven either way)\n");
			return v;
		}
	}
	return -1;
}

/* ---- tables ------------------------------------------------------------------ */

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static int64_t random_count(void)
{
	uint64_t r = rng() % 10;
	if (r < 4)
		return 0;
	if (r < 7)
		return 1 + (int64_t)(rng() % 4);
	return 5 + (int64_t)(rng() % 80);
}

static void print_table(const coll_sup_table *t, int bad)
{
	for (size_t r = 0; r <= t->n_rows; r++) {
		const coll_sup_row *row = r == t->n_rows ? &t->team : &t->rows[r];
		if (r == t->n_rows && !t->team_shown)
			break;
		printf("  %s", r == t->n_rows ? "team" : "row ");
		for (int k = 0; k < 6; k++)
			printf(" %3lld%s", (long long)row->count[k], row->count_hidden[k] ? "*" : " ");
		printf(" | %3lld%s %s%s\n", (long long)row->total, row->total_hidden ? "*" : " ",
		       row->positive_hidden ? "-" : "%+", row->negative_hidden ? "-" : "%-");
	}
	printf("  worked out: row %d, figure %d\n", bad / 7, bad % 7);
}

static void check_primary(const coll_sup_table *t)
{
	for (size_t r = 0; r <= t->n_rows; r++) {
		const coll_sup_row *row = r == t->n_rows ? &t->team : &t->rows[r];
		if (r == t->n_rows && !t->team_shown)
			break;
		for (int k = 0; k < 6; k++)
			if (row->count[k] > 0 && row->count[k] < 5)
				assert_true(row->count_hidden[k]);
		if (row->total > 0 && row->total < 5)
			assert_true(row->total_hidden);
		if (!row->positive_hidden) {
			int64_t pos = row->count[0] + row->count[1];
			assert_true(row->total >= 5 && !row->total_hidden);
			assert_false(pos > 0 && pos < 5);
		}
		if (!row->negative_hidden) {
			int64_t neg = row->count[3] + row->count[4];
			assert_true(row->total >= 5 && !row->total_hidden);
			assert_false(neg > 0 && neg < 5);
		}
	}
}

/* ---- tests -------------------------------------------------------------------- */

static void test_no_hidden_figure_should_be_worked_out_in_10000_random_tables(void **state)
{
	coll_sup_row rows[ROWS_MAX];
	int hidden_extra = 0, tables_with_small = 0;
	for (int n = 0; n < 10000; n++) {
		coll_sup_table t = {.rows = rows, .n_rows = 1 + rng() % ROWS_MAX,
				    .team_shown = rng() % 4 != 0};
		memset(rows, 0, sizeof rows);
		for (size_t r = 0; r < t.n_rows; r++)
			for (int k = 0; k < 6; k++)
				rows[r].count[k] = random_count();
		int rc = coll_suppress(&t, 5);
		if (rc) {
			printf("table %d failed:\n", n);
			for (size_t r = 0; r < t.n_rows; r++) {
				for (int k = 0; k < 6; k++)
					printf(" %lld", (long long)rows[r].count[k]);
				printf("\n");
			}
			printf("team shown %d\n", t.team_shown);
		}
		assert_int_equal(rc, 0);
		check_primary(&t);
		int bad = first_worked_out(&t);
		if (bad >= 0) {
			printf("table %d:\n", n);
			print_table(&t, bad);
		}
		assert_int_equal(bad, -1);
		for (size_t r = 0; r < t.n_rows; r++)
			for (int k = 0; k < 6; k++) {
				tables_with_small += rows[r].count[k] > 0 && rows[r].count[k] < 5;
				hidden_extra += rows[r].count_hidden[k] && rows[r].count[k] >= 5;
			}
	}
	printf("10000 tables: %d small counts, %d larger counts hidden to protect them\n",
	       tables_with_small, hidden_extra);
}

/* The case that was found: Willow, November. */
static void test_willows_november_should_not_give_away_its_very_poor_answer(void **state)
{
	coll_sup_row willow = {.count = {81, 54, 1, 0, 1, 1}};
	coll_sup_table t = {.rows = &willow, .n_rows = 1, .team_shown = false};
	assert_int_equal(coll_suppress(&t, 5), 0);
	assert_true(willow.count_hidden[2] && willow.count_hidden[4] && willow.count_hidden[5]);
	assert_int_equal(first_worked_out(&t), -1);
	/* with 135 of 138 positive shown, the three others would each be 1: the
	 * percentages go, and the number of responses stays */
	assert_true(willow.negative_hidden);
	assert_true(willow.positive_hidden);
	assert_false(willow.total_hidden);
	assert_int_equal(willow.total, 138);
}

static void test_a_table_with_no_small_numbers_should_hide_nothing(void **state)
{
	coll_sup_row rows[2] = {{.count = {40, 20, 5, 0, 6, 0}}, {.count = {12, 0, 0, 7, 5, 9}}};
	coll_sup_table t = {.rows = rows, .n_rows = 2, .team_shown = true};
	assert_int_equal(coll_suppress(&t, 5), 0);
	for (size_t r = 0; r <= 2; r++) {
		const coll_sup_row *row = r == 2 ? &t.team : &rows[r];
		for (int k = 0; k < 6; k++)
			assert_false(row->count_hidden[k]);
		assert_false(row->total_hidden || row->positive_hidden || row->negative_hidden);
	}
	assert_int_equal(t.team.total, 104);
	assert_int_equal(t.team.count[0], 52);
}

/* One small count in one ward of two: its column and its row both need a
 * partner, so at least three more figures go (a rectangle), and the team's
 * figures are still shown where they give nothing away. */
static void test_one_small_count_should_be_protected_in_its_row_and_its_column(void **state)
{
	coll_sup_row rows[2] = {{.count = {40, 20, 6, 0, 2, 9}}, {.count = {30, 25, 8, 6, 7, 9}}};
	coll_sup_table t = {.rows = rows, .n_rows = 2, .team_shown = true};
	assert_int_equal(coll_suppress(&t, 5), 0);
	assert_true(rows[0].count_hidden[4]);
	int hidden = 0;
	for (size_t r = 0; r < 2; r++)
		for (int k = 0; k < 6; k++)
			hidden += rows[r].count_hidden[k];
	assert_true(hidden >= 4);
	assert_int_equal(first_worked_out(&t), -1);
	assert_false(t.team.total_hidden);
}

static void test_threshold_1_should_hide_nothing_and_too_many_rows_should_hide_all(void **state)
{
	coll_sup_row one = {.count = {1, 2, 3, 0, 1, 0}};
	coll_sup_table t = {.rows = &one, .n_rows = 1, .team_shown = true};
	assert_int_equal(coll_suppress(&t, 1), 0);
	for (int k = 0; k < 6; k++)
		assert_false(one.count_hidden[k]);
	t.n_rows = COLL_SUP_ROWS_MAX + 1;
	t.rows = calloc(t.n_rows, sizeof *t.rows);
	assert_non_null(t.rows);
	t.rows[0].count[0] = 50;
	assert_int_equal(coll_suppress(&t, 5), -1);
	assert_true(t.team.total_hidden && t.rows[0].count_hidden[0] && t.rows[0].total_hidden);
	free(t.rows);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_hidden_figure_should_be_worked_out_in_10000_random_tables),
		cmocka_unit_test(test_willows_november_should_not_give_away_its_very_poor_answer),
		cmocka_unit_test(test_a_table_with_no_small_numbers_should_hide_nothing),
		cmocka_unit_test(test_one_small_count_should_be_protected_in_its_row_and_its_column),
		cmocka_unit_test(test_threshold_1_should_hide_nothing_and_too_many_rows_should_hide_all),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
