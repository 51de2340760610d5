/* text_sdl: the SDL side of kiosk/text.h: which renderer lines are drawn
 * with. Only files behind the render seam (*_sdl.c) include this. */
#ifndef KIOSK_TEXT_SDL_H
#define KIOSK_TEXT_SDL_H

#include <SDL.h>

#include "text.h"

/* Where rendered lines go. Changing it empties the cache. NULL: measure only. */
void kiosk_text_set_renderer(kiosk_text *t, SDL_Renderer *ren);

#endif
