// The C surface of Debian's libcmark-gfm and libcmark-gfm-extensions.
// Only MinaoshiMarkdown imports this module.
#include <cmark-gfm.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm-core-extensions.h>
