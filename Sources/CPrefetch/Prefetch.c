// The module is its header's two inline functions; SwiftPM wants a source file.
#include "CPrefetch.h"
