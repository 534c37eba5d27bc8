#pragma once
#include "base/fmt.h"
