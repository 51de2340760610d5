/* words: the kiosk's built-in words (see words.h). Translations are
 * plain words a person reads in a waiting room, not a computer's: "Choose
 * your language", never "Select locale". Numbers go in with {n} and {m};
 * counts are written so no plural forms are needed ("Characters left: 7").
 * To add a language: one more column below, and test_words checks it. */
#include "words.h"

#include <stdio.h>
#include <string.h>

#include "utf8.h"

typedef struct lang_table {
	const char *code;
	const char *s[FB_STR_PATIENT_COUNT];
} lang_table;

static const char *const KEYS[FB_STR_COUNT] = {
	[FB_STR_START] = "start",
	[FB_STR_ATTRACT_TITLE] = "attract_title",
	[FB_STR_ATTRACT_HINT] = "attract_hint",
	[FB_STR_CHOOSE_LANGUAGE] = "choose_language",
	[FB_STR_NEXT] = "next",
	[FB_STR_BACK] = "back",
	[FB_STR_SKIP] = "skip",
	[FB_STR_SEND] = "send",
	[FB_STR_FINISH] = "finish",
	[FB_STR_PROGRESS] = "progress",
	[FB_STR_CHOOSE_ONE] = "choose_one",
	[FB_STR_CHOOSE_ANY] = "choose_any",
	[FB_STR_TYPE_HERE] = "type_here",
	[FB_STR_CHARS_LEFT] = "chars_left",
	[FB_STR_STILL_THERE] = "still_there",
	[FB_STR_STILL_HERE] = "still_here",
	[FB_STR_STILL_THERE_COUNTDOWN] = "still_there_countdown",
	[FB_STR_BACK_TO_START] = "back_to_start",
	[FB_STR_THANKS] = "thanks",
	[FB_STR_THANKS_BODY] = "thanks_body",
	[FB_STR_CRISIS] = "crisis",
	[FB_STR_SORRY_TITLE] = "sorry_title",
	[FB_STR_SORRY_BODY] = "sorry_body",
	[FB_STR_YOU_SAID] = "you_said",
	[FB_STR_WE_DID] = "we_did",
	[FB_STR_YSW_HEADING] = "ysw_heading",
	[FB_STR_KEY_SPACE] = "key_space",
	[FB_STR_KEY_BACKSPACE] = "key_backspace",
	[FB_STR_KEY_SHIFT] = "key_shift",
	[FB_STR_KEY_ACCENTS] = "key_accents",
	[FB_STR_KEY_DIGITS] = "key_digits",
	[FB_STR_KEY_LETTERS] = "key_letters",
	[FB_STR_READ_ALOUD] = "read_aloud",
	[FB_STR_READ_ALOUD_STOP] = "read_aloud_stop",
	[FB_STR_STAFF_PIN_TITLE] = "staff_pin_title",
	[FB_STR_STAFF_PIN_OK] = "staff_pin_ok",
	[FB_STR_STAFF_PIN_CLEAR] = "staff_pin_clear",
	[FB_STR_STAFF_PIN_LOCKED] = "staff_pin_locked",
	[FB_STR_STAFF_TITLE] = "staff_title",
	[FB_STR_STAFF_DEVICE] = "staff_device",
	[FB_STR_STAFF_LOCATION] = "staff_location",
	[FB_STR_STAFF_VERSION] = "staff_version",
	[FB_STR_STAFF_QUEUE_DEPTH] = "staff_queue_depth",
	[FB_STR_STAFF_OLDEST_UNSENT] = "staff_oldest_unsent",
	[FB_STR_STAFF_QUARANTINED] = "staff_quarantined",
	[FB_STR_STAFF_LAST_SYNC] = "staff_last_sync",
	[FB_STR_STAFF_LAST_ERROR] = "staff_last_error",
	[FB_STR_STAFF_DISK_FREE] = "staff_disk_free",
	[FB_STR_STAFF_SYNC] = "staff_sync",
	[FB_STR_STAFF_CLEANING] = "staff_cleaning",
	[FB_STR_STAFF_ASSISTED] = "staff_assisted",
	[FB_STR_STAFF_ASSISTED_ON] = "staff_assisted_on",
	[FB_STR_STAFF_CHANGE_LOCATION] = "staff_change_location",
	[FB_STR_STAFF_EXIT] = "staff_exit",
	[FB_STR_STAFF_CLOSE] = "staff_close",
	[FB_STR_CLEANING_TITLE] = "cleaning_title",
	[FB_STR_CLEANING_BODY] = "cleaning_body",
};

/* Staff screens: English only (staff all read it; fewer words to keep). */
static const char *const STAFF_EN[FB_STR_COUNT - FB_STR_PATIENT_COUNT] = {
	[FB_STR_STAFF_PIN_TITLE - FB_STR_PATIENT_COUNT] = "Staff PIN",
	[FB_STR_STAFF_PIN_OK - FB_STR_PATIENT_COUNT] = "OK",
	[FB_STR_STAFF_PIN_CLEAR - FB_STR_PATIENT_COUNT] = "Clear",
	[FB_STR_STAFF_PIN_LOCKED - FB_STR_PATIENT_COUNT] =
		"Too many wrong PINs. Try again in {n} seconds.",
	[FB_STR_STAFF_TITLE - FB_STR_PATIENT_COUNT] = "Staff",
	[FB_STR_STAFF_DEVICE - FB_STR_PATIENT_COUNT] = "Device",
	[FB_STR_STAFF_LOCATION - FB_STR_PATIENT_COUNT] = "Location",
	[FB_STR_STAFF_VERSION - FB_STR_PATIENT_COUNT] = "Version",
	[FB_STR_STAFF_QUEUE_DEPTH - FB_STR_PATIENT_COUNT] = "Waiting to send",
	[FB_STR_STAFF_OLDEST_UNSENT - FB_STR_PATIENT_COUNT] = "Oldest unsent",
	[FB_STR_STAFF_QUARANTINED - FB_STR_PATIENT_COUNT] = "Held back (quarantined)",
	[FB_STR_STAFF_LAST_SYNC - FB_STR_PATIENT_COUNT] = "Last successful sync",
	[FB_STR_STAFF_LAST_ERROR - FB_STR_PATIENT_COUNT] = "Last error",
	[FB_STR_STAFF_DISK_FREE - FB_STR_PATIENT_COUNT] = "Disk free",
	[FB_STR_STAFF_SYNC - FB_STR_PATIENT_COUNT] = "Sync now",
	[FB_STR_STAFF_CLEANING - FB_STR_PATIENT_COUNT] = "Cleaning mode",
	[FB_STR_STAFF_ASSISTED - FB_STR_PATIENT_COUNT] = "Assisted response",
	[FB_STR_STAFF_ASSISTED_ON - FB_STR_PATIENT_COUNT] =
		"The next response will be marked assisted",
	[FB_STR_STAFF_CHANGE_LOCATION - FB_STR_PATIENT_COUNT] =
		"Location: choose where this device is",
	[FB_STR_STAFF_EXIT - FB_STR_PATIENT_COUNT] = "Exit to maintenance",
	[FB_STR_STAFF_CLOSE - FB_STR_PATIENT_COUNT] = "Close",
	[FB_STR_CLEANING_TITLE - FB_STR_PATIENT_COUNT] = "Cleaning mode",
	[FB_STR_CLEANING_BODY - FB_STR_PATIENT_COUNT] =
		"The screen ignores touches for {n} seconds.",
};

static const lang_table LANGS[FB_STR_MAX_LANGUAGES] = {
{ "en", {
	[FB_STR_START] = "Start",
	[FB_STR_ATTRACT_TITLE] = "Tell us about your visit",
	[FB_STR_ATTRACT_HINT] = "Touch the screen to start. It takes about a minute.",
	[FB_STR_CHOOSE_LANGUAGE] = "Choose your language",
	[FB_STR_NEXT] = "Next",
	[FB_STR_BACK] = "Back",
	[FB_STR_SKIP] = "Skip",
	[FB_STR_SEND] = "Send",
	[FB_STR_FINISH] = "Finish",
	[FB_STR_PROGRESS] = "Question {n} of {m}",
	[FB_STR_CHOOSE_ONE] = "Choose one answer",
	[FB_STR_CHOOSE_ANY] = "Choose all that apply",
	[FB_STR_TYPE_HERE] = "Type your answer here",
	[FB_STR_CHARS_LEFT] = "Characters left: {n}",
	[FB_STR_STILL_THERE] = "Are you still there?",
	[FB_STR_STILL_HERE] = "Yes, I'm still here",
	[FB_STR_STILL_THERE_COUNTDOWN] = "We will start again in {n} seconds.",
	[FB_STR_BACK_TO_START] = "We will go back to the start in {n} seconds.",
	[FB_STR_THANKS] = "Thank you",
	[FB_STR_THANKS_BODY] = "Your answers have been saved. They help us make our service better.",
	[FB_STR_CRISIS] = "Need to talk to someone now? Call NHS 111 and choose "
		"option 2 for mental health crisis support, or call Samaritans "
		"free on 116 123, or tell a member of staff.",
	[FB_STR_SORRY_TITLE] = "Sorry, we could not save your answers",
	[FB_STR_SORRY_BODY] = "This is our fault, not yours. A member of staff "
		"can help you give your feedback another way.",
	[FB_STR_YOU_SAID] = "You said",
	[FB_STR_WE_DID] = "We did",
	[FB_STR_YSW_HEADING] = "You said, we did",
	[FB_STR_KEY_SPACE] = "space",
	[FB_STR_KEY_BACKSPACE] = "delete",
	[FB_STR_KEY_SHIFT] = "Shift",
	[FB_STR_KEY_ACCENTS] = "àé",
	[FB_STR_KEY_DIGITS] = "123",
	[FB_STR_KEY_LETTERS] = "ABC",
	[FB_STR_READ_ALOUD] = "Read aloud",
	[FB_STR_READ_ALOUD_STOP] = "Stop reading aloud",
} },
{ "pl", {
	[FB_STR_START] = "Rozpocznij",
	[FB_STR_ATTRACT_TITLE] = "Opowiedz nam o swojej wizycie",
	[FB_STR_ATTRACT_HINT] = "Dotknij ekranu, aby zacząć. To zajmie około minuty.",
	[FB_STR_CHOOSE_LANGUAGE] = "Wybierz język",
	[FB_STR_NEXT] = "Dalej",
	[FB_STR_BACK] = "Wstecz",
	[FB_STR_SKIP] = "Pomiń",
	[FB_STR_SEND] = "Wyślij",
	[FB_STR_FINISH] = "Zakończ",
	[FB_STR_PROGRESS] = "Pytanie {n} z {m}",
	[FB_STR_CHOOSE_ONE] = "Wybierz jedną odpowiedź",
	[FB_STR_CHOOSE_ANY] = "Wybierz wszystkie pasujące odpowiedzi",
	[FB_STR_TYPE_HERE] = "Wpisz tutaj swoją odpowiedź",
	[FB_STR_CHARS_LEFT] = "Pozostało znaków: {n}",
	[FB_STR_STILL_THERE] = "Czy nadal tu jesteś?",
	[FB_STR_STILL_HERE] = "Tak, nadal tu jestem",
	[FB_STR_STILL_THERE_COUNTDOWN] = "Zaczniemy od początku za {n} s.",
	[FB_STR_BACK_TO_START] = "Wrócimy do początku za {n} s.",
	[FB_STR_THANKS] = "Dziękujemy",
	[FB_STR_THANKS_BODY] = "Twoje odpowiedzi zostały zapisane. Pomagają nam ulepszać naszą opiekę.",
	[FB_STR_CRISIS] = "Potrzebujesz teraz z kimś porozmawiać? Zadzwoń pod "
		"numer NHS 111 i wybierz opcję 2, aby uzyskać pomoc w kryzysie "
		"psychicznym, albo zadzwoń bezpłatnie do Samaritans pod numer "
		"116 123, albo powiedz o tym komuś z personelu.",
	[FB_STR_SORRY_TITLE] = "Przepraszamy, nie udało się zapisać Twoich odpowiedzi",
	[FB_STR_SORRY_BODY] = "To nasza wina, nie Twoja. Ktoś z personelu "
		"pomoże Ci przekazać opinię w inny sposób.",
	[FB_STR_YOU_SAID] = "Powiedzieliście",
	[FB_STR_WE_DID] = "Zrobiliśmy",
	[FB_STR_YSW_HEADING] = "Powiedzieliście, zrobiliśmy",
	[FB_STR_KEY_SPACE] = "spacja",
	[FB_STR_KEY_BACKSPACE] = "usuń",
	[FB_STR_KEY_SHIFT] = "Shift",
	[FB_STR_KEY_ACCENTS] = "ąęó",
	[FB_STR_KEY_DIGITS] = "123",
	[FB_STR_KEY_LETTERS] = "ABC",
	[FB_STR_READ_ALOUD] = "Czytaj na głos",
	[FB_STR_READ_ALOUD_STOP] = "Zatrzymaj czytanie",
} },
{ "ro", {
	[FB_STR_START] = "Începeți",
	[FB_STR_ATTRACT_TITLE] = "Spuneți-ne cum a fost vizita dumneavoastră",
	[FB_STR_ATTRACT_HINT] = "Atingeți ecranul pentru a începe. Durează cam un minut.",
	[FB_STR_CHOOSE_LANGUAGE] = "Alegeți limba",
	[FB_STR_NEXT] = "Înainte",
	[FB_STR_BACK] = "Înapoi",
	[FB_STR_SKIP] = "Săriți peste",
	[FB_STR_SEND] = "Trimiteți",
	[FB_STR_FINISH] = "Gata",
	[FB_STR_PROGRESS] = "Întrebarea {n} din {m}",
	[FB_STR_CHOOSE_ONE] = "Alegeți un singur răspuns",
	[FB_STR_CHOOSE_ANY] = "Alegeți toate variantele potrivite",
	[FB_STR_TYPE_HERE] = "Scrieți răspunsul aici",
	[FB_STR_CHARS_LEFT] = "Caractere rămase: {n}",
	[FB_STR_STILL_THERE] = "Mai sunteți aici?",
	[FB_STR_STILL_HERE] = "Da, sunt încă aici",
	[FB_STR_STILL_THERE_COUNTDOWN] = "Reîncepem în {n} s.",
	[FB_STR_BACK_TO_START] = "Revenim la început în {n} s.",
	[FB_STR_THANKS] = "Vă mulțumim",
	[FB_STR_THANKS_BODY] = "Răspunsurile dumneavoastră au fost salvate. Ne ajută să ne îmbunătățim serviciile.",
	[FB_STR_CRISIS] = "Aveți nevoie să vorbiți acum cu cineva? Sunați la "
		"NHS 111 și alegeți opțiunea 2 pentru ajutor în criză de "
		"sănătate mintală, sau sunați gratuit la Samaritans la 116 123, "
		"sau spuneți unui membru al personalului.",
	[FB_STR_SORRY_TITLE] = "Ne pare rău, nu am putut salva răspunsurile dumneavoastră",
	[FB_STR_SORRY_BODY] = "Este vina noastră, nu a dumneavoastră. Un membru "
		"al personalului vă poate ajuta să vă spuneți părerea în alt fel.",
	[FB_STR_YOU_SAID] = "Ați spus",
	[FB_STR_WE_DID] = "Am făcut",
	[FB_STR_YSW_HEADING] = "Ați spus, am făcut",
	[FB_STR_KEY_SPACE] = "spațiu",
	[FB_STR_KEY_BACKSPACE] = "șterge",
	[FB_STR_KEY_SHIFT] = "Shift",
	[FB_STR_KEY_ACCENTS] = "ăâî",
	[FB_STR_KEY_DIGITS] = "123",
	[FB_STR_KEY_LETTERS] = "ABC",
	[FB_STR_READ_ALOUD] = "Citire cu voce tare",
	[FB_STR_READ_ALOUD_STOP] = "Opriți citirea",
} },
{ "pt", {
	[FB_STR_START] = "Começar",
	[FB_STR_ATTRACT_TITLE] = "Fale-nos da sua visita",
	[FB_STR_ATTRACT_HINT] = "Toque para começar. Demora cerca de um minuto.",
	[FB_STR_CHOOSE_LANGUAGE] = "Escolha a sua língua",
	[FB_STR_NEXT] = "Seguinte",
	[FB_STR_BACK] = "Voltar",
	[FB_STR_SKIP] = "Saltar",
	[FB_STR_SEND] = "Enviar",
	[FB_STR_FINISH] = "Terminar",
	[FB_STR_PROGRESS] = "Pergunta {n} de {m}",
	[FB_STR_CHOOSE_ONE] = "Escolha uma resposta",
	[FB_STR_CHOOSE_ANY] = "Escolha todas as que se aplicam",
	[FB_STR_TYPE_HERE] = "Escreva aqui a sua resposta",
	[FB_STR_CHARS_LEFT] = "Caracteres restantes: {n}",
	[FB_STR_STILL_THERE] = "Ainda está aí?",
	[FB_STR_STILL_HERE] = "Sim, ainda estou aqui",
	[FB_STR_STILL_THERE_COUNTDOWN] = "Vamos recomeçar dentro de {n} s.",
	[FB_STR_BACK_TO_START] = "Vamos voltar ao início dentro de {n} s.",
	[FB_STR_THANKS] = "Obrigado",
	[FB_STR_THANKS_BODY] = "As suas respostas foram guardadas. Ajudam-nos a melhorar o nosso serviço.",
	[FB_STR_CRISIS] = "Precisa de falar com alguém agora? Ligue para o NHS "
		"111 e escolha a opção 2 para apoio numa crise de saúde mental, "
		"ou ligue gratuitamente para os Samaritans pelo 116 123, ou fale "
		"com um membro da equipa.",
	[FB_STR_SORRY_TITLE] = "Pedimos desculpa, não conseguimos guardar as suas respostas",
	[FB_STR_SORRY_BODY] = "A falha é nossa, não sua. Um membro da equipa "
		"pode ajudar a dar a sua opinião de outra forma.",
	[FB_STR_YOU_SAID] = "Disse-nos",
	[FB_STR_WE_DID] = "Fizemos",
	[FB_STR_YSW_HEADING] = "Disse-nos, fizemos",
	[FB_STR_KEY_SPACE] = "espaço",
	[FB_STR_KEY_BACKSPACE] = "apagar",
	[FB_STR_KEY_SHIFT] = "Maiúsculas",
	[FB_STR_KEY_ACCENTS] = "ãçé",
	[FB_STR_KEY_DIGITS] = "123",
	[FB_STR_KEY_LETTERS] = "ABC",
	[FB_STR_READ_ALOUD] = "Ler em voz alta",
	[FB_STR_READ_ALOUD_STOP] = "Parar a leitura",
} },
{ "es", {
	[FB_STR_START] = "Empezar",
	[FB_STR_ATTRACT_TITLE] = "Cuéntenos cómo fue su visita",
	[FB_STR_ATTRACT_HINT] = "Toque la pantalla para empezar. Se tarda un minuto más o menos.",
	[FB_STR_CHOOSE_LANGUAGE] = "Elija su idioma",
	[FB_STR_NEXT] = "Siguiente",
	[FB_STR_BACK] = "Atrás",
	[FB_STR_SKIP] = "Saltar",
	[FB_STR_SEND] = "Enviar",
	[FB_STR_FINISH] = "Terminar",
	[FB_STR_PROGRESS] = "Pregunta {n} de {m}",
	[FB_STR_CHOOSE_ONE] = "Elija una respuesta",
	[FB_STR_CHOOSE_ANY] = "Elija todas las que correspondan",
	[FB_STR_TYPE_HERE] = "Escriba aquí su respuesta",
	[FB_STR_CHARS_LEFT] = "Caracteres restantes: {n}",
	[FB_STR_STILL_THERE] = "¿Sigue ahí?",
	[FB_STR_STILL_HERE] = "Sí, sigo aquí",
	[FB_STR_STILL_THERE_COUNTDOWN] = "Volveremos a empezar en {n} s.",
	[FB_STR_BACK_TO_START] = "Volveremos al inicio en {n} s.",
	[FB_STR_THANKS] = "Gracias",
	[FB_STR_THANKS_BODY] = "Hemos guardado sus respuestas. Nos ayudan a mejorar nuestro servicio.",
	[FB_STR_CRISIS] = "¿Necesita hablar con alguien ahora? Llame al NHS 111 "
		"y elija la opción 2 para recibir apoyo en una crisis de salud "
		"mental, o llame gratis a Samaritans al 116 123, o dígaselo a un "
		"miembro del personal.",
	[FB_STR_SORRY_TITLE] = "Lo sentimos, no hemos podido guardar sus respuestas",
	[FB_STR_SORRY_BODY] = "Es culpa nuestra, no suya. Un miembro del "
		"personal puede ayudarle a darnos su opinión de otra manera.",
	[FB_STR_YOU_SAID] = "Nos dijo",
	[FB_STR_WE_DID] = "Hicimos",
	[FB_STR_YSW_HEADING] = "Nos dijo, lo hicimos",
	[FB_STR_KEY_SPACE] = "espacio",
	[FB_STR_KEY_BACKSPACE] = "borrar",
	[FB_STR_KEY_SHIFT] = "Mayús",
	[FB_STR_KEY_ACCENTS] = "ñáé",
	[FB_STR_KEY_DIGITS] = "123",
	[FB_STR_KEY_LETTERS] = "ABC",
	[FB_STR_READ_ALOUD] = "Leer en voz alta",
	[FB_STR_READ_ALOUD_STOP] = "Detener la lectura",
} },
{ "cy", {
	[FB_STR_START] = "Dechrau",
	[FB_STR_ATTRACT_TITLE] = "Dywedwch wrthym am eich ymweliad",
	[FB_STR_ATTRACT_HINT] = "Cyffyrddwch â'r sgrin i ddechrau. Mae'n cymryd tua munud.",
	[FB_STR_CHOOSE_LANGUAGE] = "Dewiswch eich iaith",
	[FB_STR_NEXT] = "Nesaf",
	[FB_STR_BACK] = "Yn ôl",
	[FB_STR_SKIP] = "Hepgor",
	[FB_STR_SEND] = "Anfon",
	[FB_STR_FINISH] = "Gorffen",
	[FB_STR_PROGRESS] = "Cwestiwn {n} o {m}",
	[FB_STR_CHOOSE_ONE] = "Dewiswch un ateb",
	[FB_STR_CHOOSE_ANY] = "Dewiswch bob un sy'n berthnasol",
	[FB_STR_TYPE_HERE] = "Teipiwch eich ateb yma",
	[FB_STR_CHARS_LEFT] = "Nodau ar ôl: {n}",
	[FB_STR_STILL_THERE] = "Ydych chi'n dal yna?",
	[FB_STR_STILL_HERE] = "Ydw, rydw i'n dal yma",
	[FB_STR_STILL_THERE_COUNTDOWN] = "Byddwn yn dechrau eto mewn {n} eiliad.",
	[FB_STR_BACK_TO_START] = "Byddwn yn mynd yn ôl i'r dechrau mewn {n} eiliad.",
	[FB_STR_THANKS] = "Diolch",
	[FB_STR_THANKS_BODY] = "Mae eich atebion wedi'u cadw. Maen nhw'n ein helpu i wella ein gwasanaeth.",
	[FB_STR_CRISIS] = "Angen siarad â rhywun nawr? Ffoniwch GIG 111 a dewiswch "
		"opsiwn 2 i gael cymorth mewn argyfwng iechyd meddwl, neu "
		"ffoniwch y Samariaid am ddim ar 116 123, neu dywedwch wrth aelod "
		"o staff.",
	[FB_STR_SORRY_TITLE] = "Mae'n ddrwg gennym, doedd dim modd cadw eich atebion",
	[FB_STR_SORRY_BODY] = "Ein bai ni yw hyn, nid eich bai chi. Gall aelod "
		"o staff eich helpu i roi eich adborth mewn ffordd arall.",
	[FB_STR_YOU_SAID] = "Dywedoch chi",
	[FB_STR_WE_DID] = "Gwnaethom ni",
	[FB_STR_YSW_HEADING] = "Dywedoch chi, gwnaethom ni",
	[FB_STR_KEY_SPACE] = "bwlch",
	[FB_STR_KEY_BACKSPACE] = "dileu",
	[FB_STR_KEY_SHIFT] = "Shift",
	[FB_STR_KEY_ACCENTS] = "ŵŷâ",
	[FB_STR_KEY_DIGITS] = "123",
	[FB_STR_KEY_LETTERS] = "ABC",
	[FB_STR_READ_ALOUD] = "Darllen yn uchel",
	[FB_STR_READ_ALOUD_STOP] = "Stopio darllen",
} },
};

static const lang_table *find_lang(const char *lang)
{
	if (!lang)
		return NULL;
	for (size_t i = 0; i < FB_STR_MAX_LANGUAGES; i++)
		if (strcmp(LANGS[i].code, lang) == 0)
			return &LANGS[i];
	return NULL;
}

const char *fb_str_lookup(const char *lang, fb_str_id id)
{
	const lang_table *t;

	if ((int)id < 0 || id >= FB_STR_COUNT)
		return NULL;
	if (id >= FB_STR_PATIENT_COUNT) {
		if (lang && strcmp(lang, "en") == 0)
			return STAFF_EN[id - FB_STR_PATIENT_COUNT];
		return NULL;
	}
	t = find_lang(lang);
	return t ? t->s[id] : NULL;
}

const char *fb_str(const char *lang, fb_str_id id)
{
	const char *s = fb_str_lookup(lang, id);

	if (!s)
		s = fb_str_lookup("en", id);
	return s ? s : "";
}

const char *fb_str_key(fb_str_id id)
{
	if ((int)id < 0 || id >= FB_STR_COUNT || !KEYS[id])
		return "";
	return KEYS[id];
}

bool fb_str_is_patient_facing(fb_str_id id)
{
	return (int)id >= 0 && id < FB_STR_PATIENT_COUNT;
}

size_t fb_str_language_count(void)
{
	return FB_STR_MAX_LANGUAGES;
}

const char *fb_str_language(size_t i)
{
	return i < FB_STR_MAX_LANGUAGES ? LANGS[i].code : NULL;
}

bool fb_str_has_language(const char *lang)
{
	return find_lang(lang) != NULL;
}

const char *fb_str_crisis(const char *lang, const char *override)
{
	if (override && override[0] != '\0')
		return override;
	return fb_str(lang, FB_STR_CRISIS);
}

/* Appends src (n bytes) to out at *len, never splitting a UTF-8 sequence. */
static void put_bytes(char *out, size_t out_size, size_t *len, const char *src,
		      size_t n)
{
	n = fb_utf8_cut(src, n, out_size - 1 - *len);
	memcpy(out + *len, src, n);
	*len += n;
	out[*len] = '\0';
}

char *fb_str_format(const char *tmpl, long n, long m, char *out,
		    size_t out_size)
{
	size_t len = 0;
	char num[24];

	if (!out || out_size == 0)
		return out;
	out[0] = '\0';
	for (const char *p = tmpl ? tmpl : ""; *p;) {
		if (p[0] == '{' && (p[1] == 'n' || p[1] == 'm') && p[2] == '}') {
			int d = snprintf(num, sizeof num, "%ld",
					 p[1] == 'n' ? n : m);
			put_bytes(out, out_size, &len, num, (size_t)d);
			p += 3;
			continue;
		}
		const char *q = p + 1;
		while (*q && *q != '{')
			q++;
		put_bytes(out, out_size, &len, p, (size_t)(q - p));
		p = q;
	}
	return out;
}
