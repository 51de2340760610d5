build/obj/lib/record.o: lib/record.c lib/record.h lib/fb_err.h \
 lib/response.h
lib/record.h:
lib/fb_err.h:
lib/response.h:
