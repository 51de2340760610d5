# Patient-feedback kiosk: one Makefile for the device programs, the Trust's
# collector, the tests and the benchmarks. Plain GNU Make, C11, warnings as errors.
#
#   make            build every program into build/
#   make test       ASan+UBSan build into build/san/, then the whole suite
#   make bench      release build, then every benchmark with its figures
#   make demo       write build/demo/ (configs, throwaway CA, keys, token)
#   make run        the demo: collector, sync daemon and kiosk together
#
# Layout rule: each program directory has main.c (the program's main) and
# other .c files that tests may link. lib/ is shared by all programs.

SHELL   := /bin/bash
VERSION := 0.1.0

PKGS := sdl2 SDL2_ttf SDL2_image fribidi sqlite3 libcurl jansson inih \
        libmicrohttpd libsodium libpq cmocka zlib

# Missing pkg-config modules on a fresh machine: install them first.
ifneq ($(MAKECMDGOALS),clean)
ifneq ($(shell pkg-config --exists $(PKGS) 2>/dev/null && echo ok),ok)
$(info deps: installing missing system packages (deploy/deps.sh))
$(shell ./deploy/deps.sh >&2)
endif
endif

ifeq ($(SAN),1)
BUILD   ?= build/san
OPT     := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
           -fno-sanitize-recover=undefined
LDSAN   := -fsanitize=address,undefined
else
BUILD   ?= build
OPT     := -O2 -g
LDSAN   :=
endif

CC      ?= cc
CFLAGS  := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wno-unused-parameter \
           -Wshadow -Wstrict-prototypes -Wformat=2 $(OPT) \
           -DFB_VERSION='"$(VERSION)"' -Ilib \
           $(shell pkg-config --cflags $(PKGS) 2>/dev/null) \
           -I$(shell pg_config --includedir 2>/dev/null || echo /usr/include/postgresql)
LDLIBS  := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm
LDFLAGS := $(LDSAN)

LIB_SRC       := $(wildcard lib/*.c)
KIOSK_SRC     := $(filter-out kiosk/main.c,$(wildcard kiosk/*.c))
SYNC_SRC      := $(filter-out sync/main.c,$(wildcard sync/*.c))
COLLECTOR_SRC := $(filter-out collector/main.c,$(wildcard collector/*.c))
UNIT_SRC      := $(wildcard tests/unit/test_*.c)
BENCH_SRC     := $(wildcard tests/bench/bench_*.c)
HELPER_SRC    := $(wildcard tests/helpers/*.c)

obj = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))

LIBFB        := $(BUILD)/libfeedback.a
LIBKIOSK     := $(BUILD)/libkiosk.a
LIBSYNC      := $(BUILD)/libsync.a
LIBCOLLECTOR := $(BUILD)/libcollector.a
ALLLIBS      := $(LIBKIOSK) $(LIBSYNC) $(LIBCOLLECTOR) $(LIBFB)

PROGRAMS := $(BUILD)/feedback-kiosk $(BUILD)/feedback-syncd \
            $(BUILD)/feedback-queue $(BUILD)/feedback-collector
UNITS    := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
BENCHES  := $(patsubst tests/bench/%.c,$(BUILD)/bench/%,$(BENCH_SRC))
HELPERS  := $(patsubst tests/helpers/%.c,$(BUILD)/tests/%,$(HELPER_SRC))

.PHONY: all test test-build bench demo run clean deps
all: $(PROGRAMS)

deps:
	./deploy/deps.sh

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

define archive
$(1): $(call obj,$(2))
	@mkdir -p $$(dir $$@)
	rm -f $$@; ar rcs $$@ $$^
endef
$(eval $(call archive,$(LIBFB),$(LIB_SRC)))
$(eval $(call archive,$(LIBKIOSK),$(KIOSK_SRC)))
$(eval $(call archive,$(LIBSYNC),$(SYNC_SRC)))
$(eval $(call archive,$(LIBCOLLECTOR),$(COLLECTOR_SRC)))

$(BUILD)/feedback-kiosk: $(call obj,kiosk/main.c) $(LIBKIOSK) $(LIBFB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)
$(BUILD)/feedback-syncd: $(call obj,sync/main.c) $(LIBSYNC) $(LIBFB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)
$(BUILD)/feedback-collector: $(call obj,collector/main.c) $(LIBCOLLECTOR) $(LIBFB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)
$(BUILD)/feedback-queue: $(call obj,tools/feedback_queue.c) $(LIBSYNC) $(LIBFB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(ALLLIBS)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)
$(BUILD)/tests/%: $(BUILD)/obj/tests/helpers/%.o $(ALLLIBS)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)
$(BUILD)/bench/%: $(BUILD)/obj/tests/bench/%.o $(ALLLIBS)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

test-build: $(PROGRAMS) $(UNITS) $(HELPERS)

# The whole suite on the sanitizer build. tests/run.sh prints the summary
# and exits non-zero on any failure.
# SANBUILD lets several people build side by side (make test SANBUILD=build/me);
# TESTS=pattern runs only the matching tests.
SANBUILD ?= build/san
test:
	$(MAKE) --no-print-directory SAN=1 BUILD=$(SANBUILD) test-build
	FB_BIN=$(CURDIR)/$(SANBUILD) FB_SRC=$(CURDIR) ./tests/run.sh

bench:
	$(MAKE) --no-print-directory all $(BENCHES) $(HELPERS)
	FB_BIN=$(CURDIR)/$(BUILD) FB_SRC=$(CURDIR) ./tests/bench/run.sh

demo: all
	FB_BIN=$(CURDIR)/build ./deploy/make-demo.sh $(CURDIR)/build/demo

run: demo
	FB_BIN=$(CURDIR)/build ./deploy/run-demo.sh $(CURDIR)/build/demo $(ARGS)

clean:
	rm -rf build

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
