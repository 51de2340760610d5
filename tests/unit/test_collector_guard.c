/* test_collector_guard: a client that trickles its request header (or never
 * sends one) has its connection cut at the deadline; one that is inside a
 * request, or that just connected, is left alone. Real sockets (a socket
 * pair), a real watchdog thread, bounded waits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <poll.h>
#include <stdio.h>
#include <stdbool.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../../collector/guard.h"

/* Whether the far end of fd sees its connection end within ms. */
static bool ends_within(int fd, int ms)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};
	char c;
	if (poll(&p, 1, ms) != 1)
		return false;
	return read(fd, &c, 1) == 0;
}

static void test_a_connection_that_never_sends_a_header_should_be_cut_at_the_deadline(void **state)
{
	int sv[2];
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	coll_guard *g = coll_guard_new(300);
	assert_non_null(g);
	coll_guard_conn *c = coll_guard_open(g, sv[0], "127.0.0.1");
	assert_false(ends_within(sv[1], 150));          /* not before the deadline */
	assert_true(ends_within(sv[1], 2000));          /* and soon after it */
	assert_int_equal(coll_guard_cut_count(g), 1);
	coll_guard_close(g, c);
	coll_guard_free(g);
	close(sv[0]);
	close(sv[1]);
}

static void test_a_connection_inside_a_request_should_never_be_cut(void **state)
{
	int sv[2];
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	coll_guard *g = coll_guard_new(200);
	coll_guard_conn *c = coll_guard_open(g, sv[0], "127.0.0.1");
	coll_guard_busy(g, c);                          /* headers are in */
	assert_false(ends_within(sv[1], 800));
	coll_guard_idle(g, c);                          /* answered: the clock restarts */
	assert_true(ends_within(sv[1], 2000));
	coll_guard_close(g, c);
	coll_guard_free(g);
	close(sv[0]);
	close(sv[1]);
}

static void test_a_closed_connection_should_be_forgotten_and_its_socket_left_alone(void **state)
{
	int sv[2];
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	coll_guard *g = coll_guard_new(100);
	coll_guard_conn *c = coll_guard_open(g, sv[0], "127.0.0.1");
	coll_guard_close(g, c);          /* the server closes it; the number may be reused */
	assert_false(ends_within(sv[1], 600));
	assert_int_equal(coll_guard_cut_count(g), 0);
	coll_guard_close(g, NULL);
	coll_guard_free(g);
	coll_guard_free(NULL);
	close(sv[0]);
	close(sv[1]);
}

/* Room for devices: an address at its share has its oldest waiting
 * connection cut when a new one comes; a busy one is never chosen. */
static void test_a_new_connection_at_an_address_holding_its_share_should_cut_that_addresses_oldest_waiting_one(void **state)
{
	enum { N = 4 };
	int sv[N][2], other[2];
	coll_guard_conn *c[N], *o;
	coll_guard *g = coll_guard_new(60000);
	assert_non_null(g);
	coll_guard_set_room(g, 0, 4, 0);                /* share: 3 per address */
	for (int i = 0; i < N; i++)
		assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv[i]), 0);
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, other), 0);
	c[0] = coll_guard_open(g, sv[0][0], "192.0.2.7");
	coll_guard_busy(g, c[0]);                       /* a device inside a request */
	c[1] = coll_guard_open(g, sv[1][0], "192.0.2.7");
	o = coll_guard_open(g, other[0], "198.51.100.1"); /* someone else: not counted */
	c[2] = coll_guard_open(g, sv[2][0], "192.0.2.7");
	assert_int_equal(coll_guard_cut_count(g), 0);
	c[3] = coll_guard_open(g, sv[3][0], "192.0.2.7"); /* the fourth: c[1] makes way */
	assert_true(ends_within(sv[1][1], 500));
	assert_false(ends_within(sv[0][1], 100));       /* busy: untouched */
	assert_false(ends_within(sv[2][1], 100));
	assert_false(ends_within(other[1], 100));
	assert_int_equal(coll_guard_room_cut_count(g), 1);
	assert_int_equal(coll_guard_open_count(g), 4);
	for (int i = 0; i < N; i++) {
		coll_guard_close(g, c[i]);
		close(sv[i][0]);
		close(sv[i][1]);
	}
	coll_guard_close(g, o);
	close(other[0]);
	close(other[1]);
	coll_guard_free(g);
}

static void test_a_server_near_its_cap_should_cut_the_oldest_waiting_connection_and_shorten_the_deadline(void **state)
{
	enum { N = 4 };
	int sv[N][2];
	coll_guard_conn *c[N];
	coll_guard *g = coll_guard_new(60000);
	coll_guard_set_room(g, 4, 0, 300);              /* mark: 3 open in all */
	for (int i = 0; i < N; i++)
		assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv[i]), 0);
	char addr[32];
	for (int i = 0; i < 3; i++) {
		snprintf(addr, sizeof addr, "10.0.0.%d", i + 1);
		c[i] = coll_guard_open(g, sv[i][0], addr);
	}
	coll_guard_busy(g, c[0]);
	/* At the mark: the 60 s deadline has become 300 ms. */
	assert_false(ends_within(sv[1][1], 100));
	assert_true(ends_within(sv[1][1], 2000));
	assert_true(ends_within(sv[2][1], 2000));
	assert_false(ends_within(sv[0][1], 100));
	uint64_t late = coll_guard_cut_count(g);
	assert_int_equal(late, 2);
	assert_int_equal(coll_guard_room_cut_count(g), 0);
	for (int i = 0; i < N; i++) {
		if (i < 3)
			coll_guard_close(g, c[i]);
		close(sv[i][0]);
		close(sv[i][1]);
	}
	coll_guard_free(g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_connection_that_never_sends_a_header_should_be_cut_at_the_deadline),
		cmocka_unit_test(test_a_connection_inside_a_request_should_never_be_cut),
		cmocka_unit_test(test_a_closed_connection_should_be_forgotten_and_its_socket_left_alone),
		cmocka_unit_test(test_a_new_connection_at_an_address_holding_its_share_should_cut_that_addresses_oldest_waiting_one),
		cmocka_unit_test(test_a_server_near_its_cap_should_cut_the_oldest_waiting_connection_and_shorten_the_deadline),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
