/* Text processing: character classes, tolower, word frequency. */
#include <stdio.h>
#include <ctype.h>
#include <string.h>
static const char text[] = "It was the best of times, it was the worst of times, it was the age of "
    "wisdom, it was the age of foolishness, it was the epoch of belief, it was the epoch of "
    "incredulity, it was the season of Light, it was the season of Darkness.";
int main(void)
{
    char words[64][16];
    int counts[64] = { 0 }, nw = 0, letters = 0, upper = 0, punct = 0;
    const char *p = text;
    while (*p) {
        while (*p && !isalpha((unsigned char)*p)) { punct += ispunct((unsigned char)*p) != 0; p++; }
        char w[16];
        int n = 0;
        while (isalpha((unsigned char)*p)) { upper += isupper((unsigned char)*p) != 0; letters++; if (n < 15) w[n++] = (char)tolower((unsigned char)*p); p++; }
        if (!n) break;
        w[n] = 0;
        int k;
        for (k = 0; k < nw && strcmp(words[k], w); k++) ;
        if (k == nw && nw < 64) strcpy(words[nw++], w);
        if (k < 64) counts[k]++;
    }
    for (int k = 0; k < nw; k++) printf("%s=%d ", words[k], counts[k]);
    printf("\nletters=%d upper=%d punct=%d\n", letters, upper, punct);
    return nw;
}
