/* platform_sdl: what the SDL side of the seam shares (kiosk/render_sdl.c
 * draws into the renderer kiosk/platform_sdl.c made). Only *_sdl.c files
 * include this. */
#ifndef KIOSK_PLATFORM_SDL_H
#define KIOSK_PLATFORM_SDL_H

#include <SDL.h>

#include "platform.h"

SDL_Renderer *kiosk_platform_sdl_renderer(kiosk_platform *p);

#endif
