build/obj/lib/fb_err.o: lib/fb_err.c lib/fb_err.h
lib/fb_err.h:
