#!/usr/bin/env bash
# kiosk_replay_volunteer_pg: kiosk_replay_volunteer.sh with the collector on
# a real PostgreSQL 15 server started here: the sign-up's table, state and
# page through the other backend.
FB_VOLUNTEER_BACKEND=postgresql exec bash "$FB_SRC/tests/integration/kiosk_replay_volunteer.sh"
