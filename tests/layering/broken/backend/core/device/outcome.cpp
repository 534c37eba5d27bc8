#include "device/outcome.h"

#include "device/actions.h"
