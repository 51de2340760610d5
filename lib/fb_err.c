#include "fb_err.h"

#include <stdio.h>

int fb_err_set(fb_err *err, fb_code code, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof err->msg, fmt, ap);
		va_end(ap);
		err->code = code;
	}
	return (int)code;
}

void fb_err_clear(fb_err *err)
{
	if (err) {
		err->code = FB_OK;
		err->msg[0] = '\0';
	}
}

const char *fb_code_name(fb_code code)
{
	switch (code) {
	case FB_OK: return "ok";
	case FB_ERR_INVALID: return "invalid";
	case FB_ERR_IO: return "io";
	case FB_ERR_FULL: return "disk full";
	case FB_ERR_CORRUPT: return "corrupt";
	case FB_ERR_NOTFOUND: return "not found";
	case FB_ERR_NOMEM: return "out of memory";
	case FB_ERR_CRYPTO: return "crypto";
	case FB_ERR_NETWORK: return "network";
	}
	return "unknown";
}
