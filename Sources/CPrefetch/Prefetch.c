// The module is its header's one inline function; SwiftPM wants a source file.
#include "CPrefetch.h"
