// Declares libFuzzer's driver for the fuzz targets (include/FuzzDriver.h); nothing to define here.
#include "FuzzDriver.h"
