#!/usr/bin/env bash
# The collector end to end on SQLite: real TLS with a throwaway CA, curl as
# the device, admin commands, exports read back with python3's csv module.
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/collector_lib.sh"
. "$FB_SRC/tests/integration/collector_suite.sh"
coll_setup sqlite || { fail "test set-up (CA, config)"; finish; }
coll_suite
coll_stop
coll_check_log
finish
