#include "device/actions.h"

#include "outcome.h"
