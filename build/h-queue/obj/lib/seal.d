build/h-queue/obj/lib/seal.o: lib/seal.c lib/seal.h lib/fb_err.h
lib/seal.h:
lib/fb_err.h:
