build/obj/lib/response.o: lib/response.c lib/response.h
lib/response.h:
