build/h-queue/obj/lib/uuid7.o: lib/uuid7.c lib/uuid7.h lib/fb_err.h \
 lib/response.h lib/record.h
lib/uuid7.h:
lib/fb_err.h:
lib/response.h:
lib/record.h:
