#include "response.h"

#include <string.h>

const char *fb_mode_name(fb_mode mode)
{
	return mode == FB_MODE_ASSISTED ? "assisted" : "kiosk";
}

int fb_mode_parse(const char *name, fb_mode *out)
{
	if (!name)
		return -1;
	if (strcmp(name, "kiosk") == 0)
		*out = FB_MODE_KIOSK;
	else if (strcmp(name, "assisted") == 0)
		*out = FB_MODE_ASSISTED;
	else
		return -1;
	return 0;
}
