// The addon of the 2009 documentation, in the V8 API of its day: the C++
// equivalent of the JavaScript module `exports.hello = "world";`.
// It was built by node-waf with the wscript next to it. It does not compile
// against the V8 of Node 20 (see examples/13-addon.ts): that API is gone.
#include <v8.h>

using namespace v8;

extern "C" void
init (Handle<Object> target)
{
  HandleScope scope;
  target->Set(String::New("hello"), String::New("world"));
}
