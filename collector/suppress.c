/* suppress.c: primary and secondary suppression as a search for cycles.
 *
 * Every published figure is a variable in exactly two sums: a location's
 * answer count is in its row (total = sum of its six answers) and in its
 * column (the team's count of that answer); a location's total is in its row
 * and in the team's total; a shown percentage splits a row's sum into a
 * positive part (answers 1+2), a negative part (4+5) and the rest. So sums
 * are nodes and figures edges. Sums nobody publishes (the team's, when
 * team_shown is false) are one "ground" node that constrains nothing.
 *
 * A reader who sees every shown figure knows each hidden one is at least 1
 * (zeros are shown). A hidden figure cannot be worked out when another table
 * fits everything shown and differs in it: moving one unit around a cycle of
 * hidden figures does that, if every figure the move lowers is at least 2.
 * Which way each figure moves follows from the signs of the sums (d below),
 * so the search walks states (node, flow) and only takes a step that keeps
 * the move possible.
 *
 * Secondary suppression repeats until every hidden figure lies on such a
 * cycle of hidden figures: for one that does not, the cheapest cycle through
 * shown figures is found (Dijkstra over the same states; a figure costs its
 * value, a total or a team figure much more, and going through a shown
 * percentage hides it), and all of it is hidden. Each round hides at least
 * one more figure, so it ends. Zeros are used only when nothing else closes
 * a cycle. */
#include "suppress.h"

#include <stdlib.h>
#include <string.h>

#define COST_ZERO 100000
#define COST_TOTAL 1000000
#define COST_TEAM 200000
#define COST_SHARE 5000000
#define COST_NONE INT64_MAX
#define GROUND 0

enum { SIDE_MAIN, SIDE_POS, SIDE_NEG };

typedef enum edge_kind { EDGE_COUNT, EDGE_TOTAL, EDGE_SHARE } edge_kind;

/* coef_u/coef_v: the figure's sign in the sum at u and at v (+1 for a part,
 * -1 for the total the parts add up to). A share edge joins two parts of one
 * sum: no figure, no sign. */
typedef struct edge {
	int u, v;
	int coef_u, coef_v;
	edge_kind kind;
	bool team;           /* a team figure (costs more to hide) */
	int shares_shown;    /* a total: how many of its row's shares hiding it hides */
	int figure;          /* which figure: row * 7 + answer, 6 for the total */
	int64_t value;
	bool *hidden;        /* the figure's flag; for EDGE_SHARE the share's */
} edge;

typedef struct work {
	int n_nodes, n_edges;
	edge *e;
	int *adj_start, *adj;    /* per node, the ids of its edges */
	int *fill;
	bool *safe;              /* per figure: already on a protecting cycle */
	/* search over states node*2 + (flow > 0) */
	int64_t *dist;
	int *prev_edge, *prev_state, *heap, *heap_at;
	bool *done;
} work;

static int node_row(size_t r, int side)
{
	return 1 + 3 * (int)r + side;
}

/* Which row-side node an answer's count hangs from, given the shown shares. */
static int row_side(const coll_sup_row *row, int answer)
{
	if ((answer == 0 || answer == 1) && !row->positive_hidden)
		return SIDE_POS;
	if ((answer == 3 || answer == 4) && !row->negative_hidden)
		return SIDE_NEG;
	return SIDE_MAIN;
}

static void add_edge(work *w, edge e)
{
	w->e[w->n_edges++] = e;
}

/* The graph of every figure (hidden or not) for the table as marked now. */
static void graph_build(work *w, coll_sup_table *t)
{
	int cols = node_row(t->n_rows, 0);          /* 6 column nodes, then 3 team sides */
	int team = cols + COLL_SUP_ANSWERS;
	int grand = t->team_shown ? team + 3 : GROUND;
	w->n_edges = 0;
	for (size_t r = 0; r < t->n_rows + (t->team_shown ? 1 : 0); r++) {
		bool is_team = r == t->n_rows;
		coll_sup_row *row = is_team ? &t->team : &t->rows[r];
		int base = is_team ? team : node_row(r, 0);
		for (int a = 0; a < COLL_SUP_ANSWERS; a++) {
			int side = base + row_side(row, a);
			if (is_team)        /* the column's sum (-1 there) is a part of the team's row */
				add_edge(w, (edge){.u = cols + a, .v = side, .coef_u = -1, .coef_v = 1,
						   .kind = EDGE_COUNT, .team = true, .value = row->count[a],
						   .figure = (int)r * 7 + a, .hidden = &row->count_hidden[a]});
			else
				add_edge(w, (edge){.u = side, .v = t->team_shown ? cols + a : GROUND,
						   .coef_u = 1, .coef_v = 1, .kind = EDGE_COUNT,
						   .value = row->count[a], .figure = (int)r * 7 + a,
						   .hidden = &row->count_hidden[a]});
		}
		/* a location's total is a part of the team's; the team's total is
		 * the whole of both of its sums */
		add_edge(w, (edge){.u = base + SIDE_MAIN, .v = grand, .coef_u = -1,
				   .coef_v = is_team ? -1 : 1, .kind = EDGE_TOTAL, .team = is_team,
				   .shares_shown = !row->positive_hidden + !row->negative_hidden,
				   .value = row->total, .figure = (int)r * 7 + 6,
				   .hidden = &row->total_hidden});
		if (!row->positive_hidden)
			add_edge(w, (edge){.u = base + SIDE_POS, .v = base + SIDE_MAIN,
					   .kind = EDGE_SHARE, .team = is_team, .hidden = &row->positive_hidden});
		if (!row->negative_hidden)
			add_edge(w, (edge){.u = base + SIDE_NEG, .v = base + SIDE_MAIN,
					   .kind = EDGE_SHARE, .team = is_team, .hidden = &row->negative_hidden});
	}
	memset(w->adj_start, 0, sizeof *w->adj_start * (size_t)(w->n_nodes + 1));
	for (int i = 0; i < w->n_edges; i++) {
		w->adj_start[w->e[i].u + 1]++;
		w->adj_start[w->e[i].v + 1]++;
	}
	for (int n = 0; n < w->n_nodes; n++)
		w->adj_start[n + 1] += w->adj_start[n];
	memcpy(w->fill, w->adj_start, sizeof *w->fill * (size_t)w->n_nodes);
	for (int i = 0; i < w->n_edges; i++) {
		w->adj[w->fill[w->e[i].u]++] = i;
		w->adj[w->fill[w->e[i].v]++] = i;
	}
}

static bool figure_hidden(const edge *e)
{
	return e->kind != EDGE_SHARE && *e->hidden;
}

/* What it costs to put e on the cycle; COST_NONE when it may not be. */
static int64_t edge_cost(const edge *e, bool only_hidden, bool zeros)
{
	if (e->kind == EDGE_SHARE)
		return only_hidden ? COST_NONE : COST_SHARE;
	if (*e->hidden)
		return 0;
	if (only_hidden || (e->value == 0 && !zeros))
		return COST_NONE;
	int64_t c = e->value > 0 ? e->value : COST_ZERO;
	if (e->kind == EDGE_TOTAL)   /* and the shares that go with it */
		c += COST_TOTAL + COST_SHARE * e->shares_shown;
	if (e->team)
		c += COST_TEAM;
	return c;
}

static void heap_swap(work *w, int i, int j)
{
	int a = w->heap[i], b = w->heap[j];
	w->heap[i] = b;
	w->heap[j] = a;
	w->heap_at[b] = i;
	w->heap_at[a] = j;
}

static void heap_up(work *w, int i)
{
	while (i > 0 && w->dist[w->heap[(i - 1) / 2]] > w->dist[w->heap[i]]) {
		heap_swap(w, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
}

static int heap_pop(work *w, int *len)
{
	int top = w->heap[0];
	heap_swap(w, 0, --*len);
	w->heap_at[top] = -1;
	for (int i = 0;;) {
		int l = 2 * i + 1, r = l + 1, m = i;
		if (l < *len && w->dist[w->heap[l]] < w->dist[w->heap[m]])
			m = l;
		if (r < *len && w->dist[w->heap[r]] < w->dist[w->heap[m]])
			m = r;
		if (m == i)
			break;
		heap_swap(w, i, m);
		i = m;
	}
	return top;
}

static void relax(work *w, int *len, int state, int64_t d, int via_edge, int from_state)
{
	if (w->done[state] || d >= w->dist[state])
		return;
	w->dist[state] = d;
	w->prev_edge[state] = via_edge;
	w->prev_state[state] = from_state;
	if (w->heap_at[state] < 0) {
		w->heap[*len] = state;
		w->heap_at[state] = (*len)++;
	}
	heap_up(w, w->heap_at[state]);
}

static int state_of(int node, int flow)
{
	return node * 2 + (flow > 0);
}

/* A cycle through figure e that moves it by move (+1 or -1) while every
 * figure it lowers stays at least 1. Searches with only hidden figures
 * (only_hidden: is e already protected?) or through shown ones too, at the
 * least cost, hiding them (the return is true when one was found). */
static bool cycle_through(work *w, int id, int move, bool only_hidden, bool zeros)
{
	const edge *target = &w->e[id];
	int n_states = 2 * w->n_nodes, len = 0, goal = -1;
	for (int s = 0; s < n_states; s++) {
		w->dist[s] = COST_NONE;
		w->done[s] = false;
		w->heap_at[s] = -1;
		w->prev_edge[s] = -1;
	}
	/* the flow e brings into u must be cancelled by the rest of the cycle */
	int start_flow = target->coef_u * move;
	for (int f = -1; f <= 1; f += 2)
		if (target->u == GROUND || f == start_flow)
			relax(w, &len, state_of(target->u, f), 0, -1, -1);
	int goal_flow = -target->coef_v * move;
	while (len > 0) {
		int s = heap_pop(w, &len);
		int n = s / 2, flow = s % 2 ? 1 : -1;
		if (n == target->v && (n == GROUND || flow == goal_flow)) {
			goal = s;
			break;
		}
		w->done[s] = true;
		for (int k = w->adj_start[n]; k < w->adj_start[n + 1]; k++) {
			int eid = w->adj[k];
			const edge *e = &w->e[eid];
			if (eid == id)
				continue;
			int64_t cost = edge_cost(e, only_hidden, zeros);
			if (cost == COST_NONE)
				continue;
			int m = e->u == n ? e->v : e->u;
			if (e->kind == EDGE_SHARE) {      /* one sum: the flow goes on */
				relax(w, &len, state_of(m, flow), w->dist[s] + cost, eid, s);
				continue;
			}
			int coef_n = e->u == n ? e->coef_u : e->coef_v;
			int coef_m = e->u == n ? e->coef_v : e->coef_u;
			for (int d = -1; d <= 1; d += 2) {
				/* the sum at n stays: this step's part cancels the flow in */
				if (n != GROUND && coef_n * d != -flow)
					continue;
				if (d < 0 && e->value < 2)
					continue;   /* it would fall below what a reader knows */
				relax(w, &len, state_of(m, coef_m * d), w->dist[s] + cost, eid, s);
			}
		}
	}
	if (goal < 0)
		return false;
	if (!only_hidden)
		for (int s = goal; w->prev_edge[s] >= 0; s = w->prev_state[s])
			*w->e[w->prev_edge[s]].hidden = true;
	return true;
}

/* Whether the hidden figure e already sits on a cycle of hidden figures that
 * moves it one way or the other. */
static bool protected_figure(work *w, int id)
{
	const edge *e = &w->e[id];
	if (cycle_through(w, id, 1, true, false))
		return true;
	return e->value >= 2 && cycle_through(w, id, -1, true, false);
}

static bool protect(work *w, int id)
{
	const edge *e = &w->e[id];
	for (int zeros = 0; zeros <= 1; zeros++) {
		if (cycle_through(w, id, 1, false, zeros))
			return true;
		if (e->value >= 2 && cycle_through(w, id, -1, false, zeros))
			return true;
	}
	return false;
}

static void hide_row(coll_sup_row *row)
{
	for (int a = 0; a < COLL_SUP_ANSWERS; a++)
		row->count_hidden[a] = true;
	row->total_hidden = row->positive_hidden = row->negative_hidden = true;
}

static void hide_all(coll_sup_table *t)
{
	for (size_t r = 0; r < t->n_rows; r++)
		hide_row(&t->rows[r]);
	hide_row(&t->team);
}

static bool small(int64_t n, int threshold)
{
	return n > 0 && n < threshold;
}

/* Counts 1..threshold-1 hidden, and the shares that would give one away. */
static void primary(coll_sup_row *row, int threshold)
{
	int64_t pos = row->count[0] + row->count[1], neg = row->count[3] + row->count[4];
	for (int a = 0; a < COLL_SUP_ANSWERS; a++)
		row->count_hidden[a] = small(row->count[a], threshold);
	row->total_hidden = row->hide_total || small(row->total, threshold);
	row->positive_hidden = row->total < threshold || small(pos, threshold);
	row->negative_hidden = row->total < threshold || small(neg, threshold);
}

/* A hidden total takes its row's shares with it (share times total gives
 * a count). */
static void shares_follow_totals(coll_sup_table *t)
{
	for (size_t r = 0; r <= t->n_rows; r++) {
		coll_sup_row *row = r == t->n_rows ? &t->team : &t->rows[r];
		if (row->total_hidden)
			row->positive_hidden = row->negative_hidden = true;
	}
}

static void work_free(work *w)
{
	free(w->e);
	free(w->adj_start);
	free(w->adj);
	free(w->fill);
	free(w->safe);
	free(w->dist);
	free(w->prev_edge);
	free(w->prev_state);
	free(w->heap);
	free(w->heap_at);
	free(w->done);
}

static int work_init(work *w, size_t n_rows)
{
	size_t nodes = (size_t)node_row(n_rows, 0) + COLL_SUP_ANSWERS + 4;
	size_t edges = (n_rows + 1) * (COLL_SUP_ANSWERS + 3);
	memset(w, 0, sizeof *w);
	w->n_nodes = (int)nodes;
	w->e = calloc(edges, sizeof *w->e);
	w->adj_start = calloc(nodes + 1, sizeof *w->adj_start);
	w->adj = calloc(2 * edges, sizeof *w->adj);
	w->fill = calloc(nodes, sizeof *w->fill);
	w->safe = calloc((n_rows + 1) * 7, sizeof *w->safe);
	w->dist = calloc(2 * nodes, sizeof *w->dist);
	w->prev_edge = calloc(2 * nodes, sizeof *w->prev_edge);
	w->prev_state = calloc(2 * nodes, sizeof *w->prev_state);
	w->heap = calloc(2 * nodes, sizeof *w->heap);
	w->heap_at = calloc(2 * nodes, sizeof *w->heap_at);
	w->done = calloc(2 * nodes, sizeof *w->done);
	if (!w->e || !w->adj_start || !w->adj || !w->fill || !w->safe || !w->dist || !w->prev_edge ||
	    !w->prev_state || !w->heap || !w->heap_at || !w->done) {
		work_free(w);
		return -1;
	}
	return 0;
}

/* The first hidden figure no cycle of hidden figures protects, or -1.
 * Hiding more only adds cycles (and a hidden share only joins two parts of
 * one sum), so a figure once protected stays so and is not searched again. */
static int first_exposed(work *w)
{
	for (int i = 0; i < w->n_edges; i++) {
		const edge *e = &w->e[i];
		if (!figure_hidden(e) || w->safe[e->figure])
			continue;
		if (!protected_figure(w, i))
			return i;
		w->safe[e->figure] = true;
	}
	return -1;
}

int coll_suppress(coll_sup_table *t, int threshold)
{
	work w;
	int rc = 0;
	memset(&t->team, 0, sizeof t->team);
	if (t->n_rows > COLL_SUP_ROWS_MAX) {
		hide_all(t);
		return -1;
	}
	for (size_t r = 0; r < t->n_rows; r++) {
		coll_sup_row *row = &t->rows[r];
		row->total = 0;
		for (int a = 0; a < COLL_SUP_ANSWERS; a++) {
			row->total += row->count[a];
			t->team.count[a] += row->count[a];
		}
		t->team.total += row->total;
	}
	if (work_init(&w, t->n_rows)) {
		hide_all(t);
		return -1;
	}
	for (size_t r = 0; r < t->n_rows; r++)
		primary(&t->rows[r], threshold);
	if (t->team_shown)
		primary(&t->team, threshold);
	else
		hide_row(&t->team);    /* never published: it constrains nothing */
	for (;;) {
		shares_follow_totals(t);
		graph_build(&w, t);
		int exposed = first_exposed(&w);
		if (exposed < 0)
			break;
		if (!protect(&w, exposed)) {
			hide_all(t);    /* nothing closes a cycle: fail closed */
			rc = -1;
			break;
		}
	}
	work_free(&w);
	return rc;
}
