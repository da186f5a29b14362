/* emit_files.c -- the libyaml floor for iacc's own layout.
 *
 * ../shared/bench/src/emit_libyaml.c (events mode, copied below unchanged) emits the peers'
 * workload -- N services, each a Deployment, a Service and a ConfigMap -- as one YAML stream.
 * `iacc build` writes one file per Kubernetes object, atomically (temporary file, syncfs,
 * rename, syncfs), so this program does the same with the same emitter:
 *
 *   emit_files stream N OUT   one stream, as the shared floor does
 *   emit_files files N DIR    one file per document in DIR, each written to a temporary file
 *                             and renamed into place, with a syncfs before and after the renames
 *
 * Build: cc -O2 -o emit_files emit_files.c -lyaml      (Benchmarks/targets.sh does it)
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

static yaml_emitter_t em;
static yaml_event_t ev;

static void die(const char *what) {
    fprintf(stderr, "libyaml %s error: %s\n", what, em.problem ? em.problem : "?");
    exit(1);
}

/* would a plain scalar with this text resolve to a non-string under YAML 1.1/1.2? */
static int ambiguous(const char *s) {
    if (!*s) return 1;
    const char *p = s;
    if (*p == '-' || *p == '+' || *p == '.') p++;
    int digits = 0, other = 0;
    for (; *p; p++) {
        if (isdigit((unsigned char)*p)) digits++;
        else if (*p != '.' && *p != '_' && *p != 'e' && *p != 'E' && *p != ':' && *p != 'x' &&
                 *p != 'o' && *p != '+' && *p != '-')
            other++;
    }
    if (digits && !other) return 1;
    static const char *words[] = {"true", "false", "yes", "no", "on", "off", "y", "n",
                                  "null", "~", ".inf", ".nan", NULL};
    for (int i = 0; words[i]; i++)
        if (strcasecmp(s, words[i]) == 0) return 1;
    return 0;
}

/* ------------------------------------------------------------------ events mode */
static void emit(void) {
    if (!yaml_emitter_emit(&em, &ev)) die("emit");
}
static void mstart(void) {
    yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE);
    emit();
}
static void mend(void) {
    yaml_mapping_end_event_initialize(&ev);
    emit();
}
static void sstart(void) {
    yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE);
    emit();
}
static void send_(void) {
    yaml_sequence_end_event_initialize(&ev);
    emit();
}
static void str(const char *s) {
    int amb = ambiguous(s);
    yaml_scalar_event_initialize(&ev, NULL, (yaml_char_t *)YAML_STR_TAG, (yaml_char_t *)s, -1,
                                 !amb, 1,
                                 amb ? YAML_DOUBLE_QUOTED_SCALAR_STYLE : YAML_ANY_SCALAR_STYLE);
    emit();
}
static void num(long v) {
    char b[32];
    snprintf(b, sizeof b, "%ld", v);
    yaml_scalar_event_initialize(&ev, NULL, (yaml_char_t *)YAML_INT_TAG, (yaml_char_t *)b, -1, 1,
                                 0, YAML_PLAIN_SCALAR_STYLE);
    emit();
}
static void kv(const char *k, const char *v) { str(k); str(v); }
static void kn(const char *k, long v) { str(k); num(v); }

static int files_mode;
static void open_next(void);
static void close_current(void);

static void doc_start(void) {
    if (files_mode) open_next();
    yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 0);
    emit();
}
static void doc_end(void) {
    yaml_document_end_event_initialize(&ev, 1);
    emit();
    if (files_mode) close_current();
}
static void labels_ev(const char *name) {
    str("labels"); mstart(); kv("app", name); kv("tier", "backend"); mend();
}
static void meta_ev(const char *name) {
    str("metadata"); mstart(); kv("name", name); labels_ev(name); mend();
}
static void probe_ev(const char *key, const char *path, long delay, long period) {
    str(key); mstart();
    str("httpGet"); mstart(); kv("path", path); kn("port", 8080); mend();
    kn("initialDelaySeconds", delay); kn("periodSeconds", period);
    mend();
}

static void events_service(long i) {
    char name[64], image[128], idx[32];
    snprintf(name, sizeof name, "svc-%ld", i);
    snprintf(image, sizeof image, "registry.lab.local/app-%ld:1.2.3", i);
    snprintf(idx, sizeof idx, "%ld", i);

    /* Deployment */
    doc_start(); mstart();
    kv("apiVersion", "apps/v1"); kv("kind", "Deployment"); meta_ev(name);
    str("spec"); mstart();
      kn("replicas", 2);
      str("selector"); mstart(); str("matchLabels"); mstart(); kv("app", name); mend(); mend();
      str("template"); mstart();
        str("metadata"); mstart(); labels_ev(name); mend();
        str("spec"); mstart(); str("containers"); sstart(); mstart();
          kv("name", "app"); kv("image", image);
          str("ports"); sstart(); mstart(); kv("name", "http"); kn("containerPort", 8080); mend(); send_();
          str("env"); sstart();
            mstart(); kv("name", "LOG_LEVEL"); kv("value", "info"); mend();
            mstart(); kv("name", "SERVICE_NAME"); kv("value", name); mend();
          send_();
          str("resources"); mstart();
            str("requests"); mstart(); kv("cpu", "100m"); kv("memory", "128Mi"); mend();
            str("limits"); mstart(); kv("cpu", "500m"); kv("memory", "512Mi"); mend();
          mend();
          probe_ev("livenessProbe", "/healthz", 10, 10);
          probe_ev("readinessProbe", "/ready", 5, 5);
        mend(); send_(); mend();
      mend();
    mend();
    mend(); doc_end();

    /* Service */
    doc_start(); mstart();
    kv("apiVersion", "v1"); kv("kind", "Service"); meta_ev(name);
    str("spec"); mstart();
      kv("type", "ClusterIP");
      str("selector"); mstart(); kv("app", name); mend();
      str("ports"); sstart(); mstart();
        kv("name", "http"); kn("port", 80); kn("targetPort", 8080); kv("protocol", "TCP");
      mend(); send_();
    mend();
    mend(); doc_end();

    /* ConfigMap */
    doc_start(); mstart();
    kv("apiVersion", "v1"); kv("kind", "ConfigMap"); meta_ev(name);
    str("data"); mstart();
      kv("LOG_LEVEL", "info"); kv("FEATURE_X_ENABLED", "true"); kv("SERVICE_INDEX", idx);
    mend();
    mend(); doc_end();
}

/* ------------------------------------------------------------------ one file per document */
static char **temporaries, **finals;
static long files;

static void start_emitter(FILE *f) {
    if (!yaml_emitter_initialize(&em)) die("init");
    yaml_emitter_set_output_file(&em, f);
    yaml_emitter_set_unicode(&em, 1);
    yaml_emitter_set_width(&em, -1);
    yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
    emit();
}

static void finish_emitter(void) {
    yaml_stream_end_event_initialize(&ev);
    emit();
    if (!yaml_emitter_flush(&em)) die("flush");
    yaml_emitter_delete(&em);
}

/* events_service() emits three documents into one emitter; in files mode each document goes to
 * its own file, so the document events are intercepted here: doc_start opens the next file. */
static const char *dir;
static long service_index, document_index;
static FILE *current;
static const char *kinds[] = {"deployment", "service", "configmap"};

static void open_next(void) {
    char final[4096], temporary[4096];
    snprintf(final, sizeof final, "%s/%s-svc-%ld.yaml", dir, kinds[document_index % 3], service_index);
    snprintf(temporary, sizeof temporary, "%s/.%s-svc-%ld.yaml.tmp", dir, kinds[document_index % 3], service_index);
    temporaries[files] = strdup(temporary);
    finals[files] = strdup(final);
    files++;
    current = fopen(temporary, "wb");
    if (!current) { perror(temporary); exit(1); }
    start_emitter(current);
}

static void close_current(void) {
    finish_emitter();
    if (fclose(current) != 0) { perror("fclose"); exit(1); }
    document_index++;
}

static void flush_file_system(void) {
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd < 0 || syncfs(fd) != 0) { perror("syncfs"); exit(1); }
    close(fd);
}

int main(int argc, char **argv) {
    if (argc != 4 || (strcmp(argv[1], "stream") && strcmp(argv[1], "files"))) {
        fprintf(stderr, "usage: %s stream|files N OUT\n", argv[0]);
        return 2;
    }
    long n = atol(argv[2]);
    if (strcmp(argv[1], "stream") == 0) {
        FILE *f = fopen(argv[3], "wb");
        if (!f) { perror(argv[3]); return 1; }
        static char buf[1 << 20];
        setvbuf(f, buf, _IOFBF, sizeof buf);
        start_emitter(f);
        for (long i = 0; i < n; i++) events_service(i);
        finish_emitter();
        return fclose(f) == 0 ? 0 : 1;
    }
    dir = argv[3];
    if (mkdir(dir, 0755) != 0) { perror(dir); return 1; }
    temporaries = calloc(3 * n, sizeof *temporaries);
    finals = calloc(3 * n, sizeof *finals);
    files_mode = 1;
    for (service_index = 0; service_index < n; service_index++) events_service(service_index);
    flush_file_system();
    for (long i = 0; i < files; i++)
        if (rename(temporaries[i], finals[i]) != 0) { perror(finals[i]); return 1; }
    flush_file_system();
    return 0;
}
