/*
 * The same addon today, in C, with Node-API (node_api.h): the equivalent of
 * the JavaScript module `exports.hello = "world";`.
 *
 * Node-API is a C interface that Node keeps stable across versions. This
 * file uses only functions of Node-API version 1 (Node 8.6 and later), and a
 * binary built for Node-API version N loads in every later Node without a
 * rebuild. The 2009 addon talked to V8's C++ classes directly, and broke
 * whenever V8 changed them.
 */
#include <node_api.h>

/* Every Node-API call returns a status; on failure, throw a JavaScript error and give up. */
#define CHECK(env, call)                                         \
  do {                                                           \
    if ((call) != napi_ok) {                                     \
      napi_throw_error((env), NULL, "Node-API call failed: " #call); \
      return NULL;                                               \
    }                                                            \
  } while (0)

static napi_value Init(napi_env env, napi_value exports) {
  napi_value world;
  CHECK(env, napi_create_string_utf8(env, "world", NAPI_AUTO_LENGTH, &world));
  CHECK(env, napi_set_named_property(env, exports, "hello", world));
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
