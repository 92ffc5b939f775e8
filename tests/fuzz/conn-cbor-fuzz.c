/* libFuzzer target for the CBOR codec of libsurql-conn (src/cbor-*.c).
 *
 *   cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DSURQL_FUZZ=ON
 *   cmake --build build-fuzz --target conn-cbor-fuzz
 *   build-fuzz/tests/fuzz/conn-cbor-fuzz -dict=tests/fuzz/conn-cbor.dict \
 *       -max_len=4096 corpus-dir tests/fuzz/conn-cbor-corpus
 *
 * Invariants (abort() on violation, so the fuzzer reports it):
 *  - decoding never crashes, leaks or reads outside the input (ASan/UBSan);
 *  - failure leaves *out NULL and sets a negative code with a message in
 *    domain "surql-conn";
 *  - a decoded value encodes, the encoding decodes to an equal value, and
 *    encoding that again gives the very same bytes (the encoding is canonical);
 *  - message classification never crashes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <surql/schema.h>

#include "cbor-internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    surql_conn__cbor_limits lim;
    surql_conn__cbor_limits_default(&lim);
    lim.max_items = 1u << 20; /* keep memory per input bounded for the fuzzer */

    static char sentinel;
    surql_value *v = (surql_value *)(void *)&sentinel; /* must be reset on failure */
    int rc = surql_conn__cbor_decode(&v, data, size, &lim);
    if (rc != 0) {
        const surql_error *e = surql_error_last();
        if (rc > 0 || v != NULL || e->code != rc || !e->message[0] ||
            strcmp(e->domain, "surql-conn") != 0)
            abort();
        return 0;
    }
    if (!v && size)
        abort();

    surql_conn__rpc_msg m;
    (void)surql_conn__rpc_classify(v, &m);

    surql_buf a = SURQL_BUF_INIT, b = SURQL_BUF_INIT;
    if (surql_conn__cbor_encode(v, &a, 0) != 0)
        abort();
    surql_conn__cbor_limits deep = lim;
    deep.max_depth = SURQL_VALUE_MAX_DEPTH;
    surql_value *w = NULL;
    rc = surql_conn__cbor_decode(&w, (const uint8_t *)a.ptr, a.size, &deep);
    if (rc == SURQL_ERANGE) {
        /* a text record id (8("t:[[[…]]]")) may nest deeper than the frames it
         * took to read; its array form can then exceed the depth limit */
    } else if (rc != 0 || !surql_value_equal(v, w)) {
        abort();
    } else {
        if (surql_conn__cbor_encode(w, &b, 0) != 0 || a.size != b.size ||
            memcmp(a.ptr, b.ptr, a.size) != 0)
            abort();
    }
    surql_value_unref(w);
    surql_value_unref(v);
    surql_buf_dispose(&a);
    surql_buf_dispose(&b);
    return 0;
}
