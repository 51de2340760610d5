/* replay: a main for a libFuzzer harness built without libFuzzer, so make
 * test runs every seed and every past finding once through the harness
 * under gcc's ASan + UBSan (tests/integration/fuzz_replay.sh).
 *   replay_TARGET FILE...
 * Feeds each file to LLVMFuzzerTestOneInput once; prints "replayed N" and
 * exits 0, or names the file it could not read and exits 1. A finding
 * aborts in the harness or the sanitizer, naming what went wrong. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	int n = 0;

	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		uint8_t *buf = NULL;
		long len = -1;

		if (f && fseek(f, 0, SEEK_END) == 0)
			len = ftell(f);
		if (len >= 0 && fseek(f, 0, SEEK_SET) == 0)
			buf = malloc((size_t)len + 1);
		if (!buf || fread(buf, 1, (size_t)len, f) != (size_t)len) {
			fprintf(stderr, "replay: unable to read '%s'\n", argv[i]);
			free(buf);
			if (f)
				fclose(f);
			return 1;
		}
		fclose(f);
		fprintf(stderr, "replay: %s\n", argv[i]);
		LLVMFuzzerTestOneInput(buf, (size_t)len);
		free(buf);
		n++;
	}
	printf("replayed %d\n", n);
	return 0;
}
