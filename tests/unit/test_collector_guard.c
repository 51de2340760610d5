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
	coll_guard_conn *c = coll_guard_open(g, sv[0]);
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
	coll_guard_conn *c = coll_guard_open(g, sv[0]);
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
	coll_guard_conn *c = coll_guard_open(g, sv[0]);
	coll_guard_close(g, c);          /* the server closes it; the number may be reused */
	assert_false(ends_within(sv[1], 600));
	assert_int_equal(coll_guard_cut_count(g), 0);
	coll_guard_close(g, NULL);
	coll_guard_free(g);
	coll_guard_free(NULL);
	close(sv[0]);
	close(sv[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_connection_that_never_sends_a_header_should_be_cut_at_the_deadline),
		cmocka_unit_test(test_a_connection_inside_a_request_should_never_be_cut),
		cmocka_unit_test(test_a_closed_connection_should_be_forgotten_and_its_socket_left_alone),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
