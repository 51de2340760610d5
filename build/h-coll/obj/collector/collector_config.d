build/h-coll/obj/collector/collector_config.o: \
 collector/collector_config.c collector/collector_config.h lib/fb_err.h
collector/collector_config.h:
lib/fb_err.h:
