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

PKGS := sdl2 SDL2_ttf SDL2_image fribidi sqlite3 libcurl jansson inih xkbcommon \
        libmicrohttpd libsodium libpq cmocka zlib espeak-ng glib-2.0 libpng

# Missing pkg-config modules (or libunistring, liblinear, libcsv: no .pc file) on a
# fresh machine: install them first.
ifneq ($(MAKECMDGOALS),clean)
ifneq ($(shell pkg-config --exists $(PKGS) 2>/dev/null && test -f /usr/include/unistr.h && test -f /usr/include/linear.h && test -f /usr/include/csv.h && echo ok),ok)
$(info deps: installing missing system packages (deploy/deps.sh))
$(shell ./deploy/deps.sh >&2)
endif
endif

ifeq ($(FUZZ),1)
# make fuzz: every object built by clang with libFuzzer's coverage hooks; the
# harnesses are linked with its main (see the fuzzing part at the end).
BUILD   := build/fuzz
CC      := clang
OPT     := -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
           -fno-sanitize-recover=undefined
LDOPT   := -fsanitize=fuzzer,address,undefined
else ifeq ($(SAN),1)
BUILD   ?= build/san
OPT     := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
           -fno-sanitize-recover=undefined
LDOPT   := -fsanitize=address,undefined
else
BUILD   ?= build
# Release builds are hardened: bounds-checked libc calls, stack canaries,
# position-independent, GOT read-only after start. tests/integration/
# hardening.sh checks the binaries for each.
OPT     := -O2 -g -D_FORTIFY_SOURCE=3 -fstack-protector-strong -fPIE
LDOPT   := -pie -Wl,-z,relro,-z,now
endif

CC      ?= cc
CFLAGS  := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wno-unused-parameter \
           -Wshadow -Wstrict-prototypes -Wformat=2 -Wmissing-prototypes -Wvla -Wcast-qual $(OPT) \
           -DFB_VERSION='"$(VERSION)"' -Ilib \
           $(shell pkg-config --cflags $(PKGS) 2>/dev/null) \
           -I$(shell pg_config --includedir 2>/dev/null || echo /usr/include/postgresql)
LDLIBS  := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lunistring -lpthread -lm
# The collector's themes (collector/themes/): liblinear learns them, libcsv
# reads a Trust's earlier coding. Linked only where libcollector.a is.
COLL_LDLIBS := -llinear -lcsv
ifeq ($(FUZZ),1)
CFLAGS  += -Wno-error   # warnings are gcc's to judge (make test); clang's only differ
endif
LDFLAGS := $(LDOPT)

LIB_SRC       := $(wildcard lib/*.c)
KIOSK_SRC     := $(filter-out kiosk/main.c,$(wildcard kiosk/*.c))
SYNC_SRC      := $(filter-out sync/main.c,$(wildcard sync/*.c))
# The collector is in rooms (collector/store/, collector/web/): every .c below
# collector/ but main.c. Objects mirror their source paths under $(BUILD)/obj.
COLLECTOR_SRC := $(filter-out collector/main.c,$(shell find collector -name "*.c" | sort))
# ar keeps only a member's base name: two rooms must not both have, say, a util.c.
COLLECTOR_DUPS := $(shell printf '%s\n' $(notdir $(COLLECTOR_SRC)) | sort | uniq -d)
$(if $(COLLECTOR_DUPS),$(error collector/: more than one $(COLLECTOR_DUPS) (libcollector.a would keep one); rename it))
UNIT_SRC      := $(wildcard tests/unit/test_*.c)
BENCH_SRC     := $(wildcard tests/bench/bench_*.c)
HELPER_SRC    := $(wildcard tests/helpers/*.c)

obj = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))

# The results pages' styles: the NHS.UK frontend's CSS and the icons it
# names, from npm (nhsuk-frontend, pinned by package-lock.json), copied into
# $(BUILD)/static, which the collector serves at /assets/, with our own
# feedback.css and coding.js (the coding forms' keys; none of the frontend's
# JavaScript).
STATIC       := $(BUILD)/static
NHSUK_DIST   := node_modules/nhsuk-frontend/dist/nhsuk
STATIC_FILES := $(STATIC)/nhsuk-frontend.min.css $(STATIC)/feedback.css $(STATIC)/coding.js

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

# The kiosk's own words in other languages: po/LANG.po (GNU gettext; msgid
# the English, msgctxt the key, see kiosk/words.c), one per code in
# po/LINGUAS, compiled into $(BUILD)/locale/LANG/LC_MESSAGES/. Entries no
# native speaker has checked are "fuzzy" (Poedit, Weblate: "needs review"):
# they are compiled in (--use-fuzzy) and their keys listed in the catalogue's
# header as X-Unchecked, which --check-config prints.
LINGUAS  := $(shell sed 's/\#.*//' po/LINGUAS 2>/dev/null)
LOCALE   := $(BUILD)/locale
MO_FILES := $(patsubst %,$(LOCALE)/%/LC_MESSAGES/feedback-kiosk.mo,$(LINGUAS))
LOCALEDIR ?= $(PREFIX)/share/locale

.PHONY: all test test-build bench proof demo run clean deps pot po-update
all: $(PROGRAMS) $(STATIC_FILES) $(MO_FILES)

$(BUILD)/obj/kiosk/words.o: CFLAGS += -DFB_WORDS_LINGUAS='"$(LINGUAS)"'
$(BUILD)/obj/kiosk/words.o: po/LINGUAS

$(LOCALE)/%/LC_MESSAGES/feedback-kiosk.mo: po/%.po
	@mkdir -p $(dir $@)
	u=$$(msgattrib --only-fuzzy --no-obsolete $< | sed -n 's/^msgctxt "\(.*\)"$$/\1/p' | tr '\n' ' ' | sed 's/ $$//'); \
	awk -v u="$$u" '!d && /^msgstr ""$$/ { print; printf "\"X-Unchecked: %s\\n\"\n", u; d = 1; next } { print }' $< >$@.po && \
	msgfmt --check --use-fuzzy -o $@ $@.po && rm -f $@.po

# po/feedback-kiosk.pot from the NC_("key", "English") entries of words.c;
# po-update merges it into every po/LANG.po (changed English turns fuzzy).
pot:
	xgettext --from-code=UTF-8 --keyword= --keyword=NC_:1c,2 --no-location \
		--package-name=feedback-kiosk --package-version=$(VERSION) \
		-o po/feedback-kiosk.pot kiosk/words.c
po-update: pot
	for l in $(LINGUAS); do msgmerge --quiet --update --backup=none --no-location \
		po/$$l.po po/feedback-kiosk.pot || exit 1; done

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
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(COLL_LDLIBS)
$(BUILD)/feedback-queue: $(call obj,tools/feedback_queue.c) $(LIBSYNC) $(LIBFB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(ALLLIBS)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(COLL_LDLIBS)
$(BUILD)/tests/%: $(BUILD)/obj/tests/helpers/%.o $(ALLLIBS)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(COLL_LDLIBS)
$(BUILD)/bench/%: $(BUILD)/obj/tests/bench/%.o $(ALLLIBS)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(COLL_LDLIBS)

test-build: $(PROGRAMS) $(UNITS) $(HELPERS) $(STATIC_FILES) $(MO_FILES)

$(NHSUK_DIST)/nhsuk-frontend.min.css: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

$(STATIC)/nhsuk-frontend.min.css: $(NHSUK_DIST)/nhsuk-frontend.min.css
	@mkdir -p $(STATIC)/images
	cp $(NHSUK_DIST)/assets/images/*.svg $(NHSUK_DIST)/assets/images/favicon.ico $(STATIC)/images/
	cp $< $@

$(STATIC)/feedback.css $(STATIC)/coding.js: $(STATIC)/%: collector/web/static/%
	@mkdir -p $(STATIC)
	cp $< $@

# The whole suite on the sanitizer build. tests/run.sh prints the summary
# and exits non-zero on any failure.
# SANBUILD lets several people build side by side (make test SANBUILD=build/me);
# TESTS=pattern runs only the matching tests. The release build comes first:
# it is what make run and the packages ship, and its -O2 warnings (format
# truncation, say) are errors the sanitizer build's -O1 does not see.
SANBUILD ?= build/san
test:
	$(MAKE) --no-print-directory all
	$(MAKE) --no-print-directory SAN=1 BUILD=$(SANBUILD) test-build
	FB_BIN=$(CURDIR)/$(SANBUILD) FB_SRC=$(CURDIR) ./tests/run.sh

bench:
	$(MAKE) --no-print-directory all $(BENCHES) $(HELPERS)
	FB_BIN=$(CURDIR)/$(BUILD) FB_SRC=$(CURDIR) ./tests/bench/run.sh

# Every fault at full strength on the release build (tests/proof.sh):
# submitted, arrived, lost and duplicated per fault, and both daemons ten
# minutes under valgrind. About 27 minutes.
proof:
	$(MAKE) --no-print-directory all $(HELPERS)
	FB_BIN=$(CURDIR)/$(BUILD) FB_SRC=$(CURDIR) ./tests/proof.sh

demo: all
	FB_BIN=$(CURDIR)/build ./deploy/make-demo.sh $(CURDIR)/build/demo

run: demo
	FB_BIN=$(CURDIR)/build ./deploy/run-demo.sh $(CURDIR)/build/demo $(ARGS)

clean:
	rm -rf build

# ---- install and packages ---------------------------------------------
# make install [PREFIX=/usr/local] [DESTDIR=...]: the four programs, the
# provisioning scripts, surveys and assets/ (fonts list), example configs and docs, and
# the systemd units with this PREFIX's paths (made from deploy/systemd/ with
# sed). install-device and install-collector install one side each.
# make deb: build/deb/feedback-kiosk_*.deb and feedback-collector_*.deb from
# the programs in $(BUILD) (dpkg-deb, no debhelper). docs/deploy.md says how
# to use them.
PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
SBINDIR    ?= $(PREFIX)/sbin
DATADIR    ?= $(PREFIX)/share/feedback-kiosk
DOCDIR     ?= $(PREFIX)/share/doc/feedback-kiosk
COLLDOCDIR ?= $(PREFIX)/share/doc/feedback-collector
COLLDATADIR ?= $(PREFIX)/share/feedback-collector
UNITDIR    ?= $(PREFIX)/lib/systemd/system
INSTALL    ?= install
DEBDIR     ?= build/deb
DEBSTAGE    = $(abspath $(BUILD)/debstage)
DEBCOMPRESS ?= xz
DEBARCH    ?= $(shell dpkg --print-architecture 2>/dev/null || echo amd64)
DEB_MAINTAINER ?= Patient Feedback Kiosk developers <feedback-kiosk@invalid>

# Paths in units and scripts follow PREFIX; /etc/feedback and /var/lib stay.
# Units name /usr/bin/ and /usr/share/feedback-kiosk; scripts say @PREFIX@.
fb_subst = sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(VERSION)|g'
fb_unit_subst = sed -e 's|/usr/bin/|$(BINDIR)/|g' -e 's|/usr/share/feedback-kiosk|$(DATADIR)|g'
# An installed provisioning script stands alone: deploy/provision-common.sh's
# text replaces the line that sources it. $(call fb_provision,SCRIPT,TARGET)
fb_provision = sed -e '/^\. .*provision-common\.sh/{r deploy/provision-common.sh' -e 'd;}' \
	-e '/shellcheck source=deploy\/provision-common/d' $(1) | \
	$(fb_subst) >$(2) && grep -q '^prov_check_root()' $(2) && chmod 0755 $(2)

.PHONY: install install-device install-collector deb
install: install-device install-collector

install-device: $(BUILD)/feedback-kiosk $(BUILD)/feedback-syncd $(BUILD)/feedback-queue $(MO_FILES)
	$(INSTALL) -d -m 0755 $(DESTDIR)$(BINDIR) $(DESTDIR)$(SBINDIR) \
		$(DESTDIR)$(DATADIR)/surveys $(DESTDIR)$(DOCDIR)/examples $(DESTDIR)$(UNITDIR)
	$(INSTALL) -m 0755 $(filter-out %.mo,$^) $(DESTDIR)$(BINDIR)/
	for l in $(LINGUAS); do $(INSTALL) -D -m 0644 $(LOCALE)/$$l/LC_MESSAGES/feedback-kiosk.mo \
		$(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/feedback-kiosk.mo || exit 1; done
	$(call fb_provision,deploy/provision-device.sh,$(DESTDIR)$(SBINDIR)/feedback-provision-device)
	(cd assets && find . -type f -print) | while read -r f; do \
		$(INSTALL) -D -m 0644 "assets/$$f" "$(DESTDIR)$(DATADIR)/$$f" || exit 1; done
	$(INSTALL) -m 0644 config/surveys/*.json $(DESTDIR)$(DATADIR)/surveys/
	$(INSTALL) -m 0644 config/kiosk.conf.example $(DESTDIR)$(DOCDIR)/examples/
	$(INSTALL) -m 0644 config/you-said-we-did.txt $(DESTDIR)$(DOCDIR)/examples/you-said-we-did.txt.example
	$(INSTALL) -m 0644 README.md docs/deploy.md docs/config.md docs/kiosk.md docs/sync.md \
		docs/survey.md docs/queue.md $(DESTDIR)$(DOCDIR)/
	for u in feedback-kiosk feedback-syncd; do \
		$(fb_unit_subst) deploy/systemd/$$u.service >$(DESTDIR)$(UNITDIR)/$$u.service && \
		chmod 0644 $(DESTDIR)$(UNITDIR)/$$u.service || exit 1; done

install-collector: $(BUILD)/feedback-collector $(STATIC_FILES)
	$(INSTALL) -d -m 0755 $(DESTDIR)$(BINDIR) $(DESTDIR)$(SBINDIR) \
		$(DESTDIR)$(COLLDOCDIR)/examples $(DESTDIR)$(UNITDIR) \
		$(DESTDIR)$(COLLDATADIR)/static/images $(DESTDIR)$(COLLDATADIR)/safeguarding
	$(INSTALL) -m 0755 $(BUILD)/feedback-collector $(DESTDIR)$(BINDIR)/
	# the per-language safeguarding word lists ([ingest] safeguarding_lists_dir)
	$(INSTALL) -m 0644 config/safeguarding/*.txt $(DESTDIR)$(COLLDATADIR)/safeguarding/
	# the themes framework ([themes] framework_file) and a Trust's extra file's example
	$(INSTALL) -d -m 0755 $(DESTDIR)$(COLLDATADIR)/themes
	$(INSTALL) -m 0644 config/themes/framework.json $(DESTDIR)$(COLLDATADIR)/themes/
	$(INSTALL) -m 0644 config/themes/trust-extra.json.example $(DESTDIR)$(COLLDOCDIR)/examples/
	# the pages' styles, icons and coding.js ([results] static_dir)
	$(INSTALL) -m 0644 $(STATIC)/*.css $(STATIC)/coding.js $(DESTDIR)$(COLLDATADIR)/static/
	$(INSTALL) -m 0644 $(STATIC)/images/* $(DESTDIR)$(COLLDATADIR)/static/images/
	$(call fb_provision,deploy/provision-collector.sh,$(DESTDIR)$(SBINDIR)/feedback-provision-collector)
	$(INSTALL) -m 0644 config/collector.conf.example config/safeguarding-words.txt \
		$(DESTDIR)$(COLLDOCDIR)/examples/
	$(INSTALL) -m 0644 docs/deploy.md docs/collector.md docs/protocol.md $(DESTDIR)$(COLLDOCDIR)/
	$(fb_unit_subst) deploy/systemd/feedback-collector.service >$(DESTDIR)$(UNITDIR)/feedback-collector.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/feedback-collector.service

# One package per side, files owned by root (--root-owner-group), binaries
# stripped, Depends worked out by dpkg-shlibdeps from what they link, plus
# what they open at run time (fonts, CA certificates, zoneinfo).
deb: $(PROGRAMS) $(STATIC_FILES)
	@if [ -z "$(DEB_ALLOW_SAN)" ] && readelf -d $(BUILD)/feedback-kiosk | grep -q libasan; then \
		echo "deb: $(BUILD) is a sanitizer build; packages are made from a release build (make deb)" >&2; \
		exit 1; fi
	rm -rf $(DEBSTAGE)
	mkdir -p $(DEBSTAGE)/debian $(DEBDIR)
	printf 'Source: feedback-kiosk\n\nPackage: feedback-kiosk\nArchitecture: any\n\nPackage: feedback-collector\nArchitecture: any\n' \
		>$(DEBSTAGE)/debian/control
	$(MAKE) --no-print-directory install-device DESTDIR=$(DEBSTAGE)/debian/feedback-kiosk \
		PREFIX=/usr UNITDIR=/lib/systemd/system
	$(MAKE) --no-print-directory install-collector DESTDIR=$(DEBSTAGE)/debian/feedback-collector \
		PREFIX=/usr UNITDIR=/lib/systemd/system COLLDOCDIR=/usr/share/doc/feedback-collector
	set -e; for p in feedback-kiosk feedback-collector; do \
		root=$(DEBSTAGE)/debian/$$p; \
		strip --strip-unneeded --remove-section=.comment --remove-section=.note $$root/usr/bin/*; \
		mkdir -p $$root/DEBIAN; \
		for s in postinst prerm postrm; do \
			$(fb_subst) deploy/debian/$$p.$$s >$$root/DEBIAN/$$s; chmod 0755 $$root/DEBIAN/$$s; done; \
		deps=$$(cd $(DEBSTAGE) && dpkg-shlibdeps -O debian/$$p/usr/bin/* | sed -n 's/^shlibs:Depends=//p'); \
		[ -n "$$deps" ] || { echo "deb: dpkg-shlibdeps found no libraries for $$p (package dpkg-dev)" >&2; exit 1; }; \
		extra=$$(sed -n 's/^Depends: //p' deploy/debian/$$p.control); \
		size=$$(du -sk --exclude=DEBIAN $$root | cut -f1); \
		$(fb_subst) deploy/debian/$$p.control | sed -e "s|^Depends: .*|Depends: $$deps, $$extra|" \
			-e 's|@ARCH@|$(DEBARCH)|' -e "s|@SIZE@|$$size|" -e 's|@MAINTAINER@|$(DEB_MAINTAINER)|' \
			>$$root/DEBIAN/control; \
		chmod 0644 $$root/DEBIAN/control; \
		dpkg-deb --root-owner-group -Z$(DEBCOMPRESS) --build $$root $(DEBDIR)/$${p}_$(VERSION)_$(DEBARCH).deb; \
	done

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

# ---- fuzzing (tests/fuzz/) --------------------------------------------
# make fuzz [FUZZ_SECONDS=60] [FUZZ_TARGETS="bundle survey"]: each libFuzzer
# harness tests/fuzz/fuzz_TARGET.c, with the code it calls, built by clang with
# ASan + UBSan into build/fuzz/ (FUZZ=1), then run for FUZZ_SECONDS on a scratch
# copy of its seeds (tests/fuzz/corpus/TARGET/), with its dictionary
# (tests/fuzz/TARGET.dict, tokens from our own files) when it has one, printing per target its
# executions, coverage (edges), new findings (saved in tests/fuzz/crashes/TARGET/)
# and past ones (already there, fixed, replayed by make test).
# make test builds each harness a second time with gcc's sanitizers and
# tests/fuzz/replay.c for a main ($(BUILD)/tests/replay_TARGET): fuzz_replay.sh
# feeds it every seed and every past finding once.
FUZZ_SECONDS ?= 60
FUZZ_BUILD   := build/fuzz
FUZZ_ALL     := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_TARGETS ?= $(FUZZ_ALL)
REPLAYS      := $(patsubst %,$(BUILD)/tests/replay_%,$(FUZZ_ALL))
test-build: $(REPLAYS)
$(BUILD)/tests/replay_%: $(BUILD)/obj/tests/fuzz/fuzz_%.o $(BUILD)/obj/tests/fuzz/replay.o $(ALLLIBS)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(COLL_LDLIBS)
$(BUILD)/fuzz_%: $(BUILD)/obj/tests/fuzz/fuzz_%.o $(ALLLIBS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(COLL_LDLIBS)

.PHONY: fuzz fuzz-build
fuzz-build: $(patsubst %,$(BUILD)/fuzz_%,$(FUZZ_TARGETS))
fuzz:
	$(MAKE) --no-print-directory FUZZ=1 fuzz-build FUZZ_TARGETS="$(FUZZ_TARGETS)"
	@for t in $(FUZZ_TARGETS); do \
		rm -rf $(FUZZ_BUILD)/corpus-$$t; mkdir -p $(FUZZ_BUILD)/corpus-$$t tests/fuzz/crashes/$$t; \
		kept=$$(ls tests/fuzz/crashes/$$t | wc -l); \
		cp tests/fuzz/corpus/$$t/* $(FUZZ_BUILD)/corpus-$$t/; \
		nice -n 10 $(FUZZ_BUILD)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
			$$( [ -f tests/fuzz/$$t.dict ] && echo -dict=tests/fuzz/$$t.dict ) \
			-print_final_stats=1 -artifact_prefix=tests/fuzz/crashes/$$t/ \
			$(FUZZ_BUILD)/corpus-$$t >$(FUZZ_BUILD)/$$t.log 2>&1; \
		rc=$$?; \
		runs=$$(sed -n 's/^stat::number_of_executed_units: *//p' $(FUZZ_BUILD)/$$t.log); \
		cov=$$(grep -oE '(INITED|DONE|pulse|NEW|REDUCE) +cov: [0-9]+' $(FUZZ_BUILD)/$$t.log | tail -1 | grep -oE '[0-9]+$$'); \
		found=$$(( $$(ls tests/fuzz/crashes/$$t | wc -l) - kept )); \
		printf '%-18s %10s executions in %ss, coverage %s edges, %s new finding(s), %s past%s\n' \
			$$t "$${runs:-?}" $(FUZZ_SECONDS) "$${cov:-?}" "$$found" "$$kept" \
			"$$( [ $$rc = 0 ] || echo ": see $(FUZZ_BUILD)/$$t.log and tests/fuzz/crashes/$$t/")"; \
	done
