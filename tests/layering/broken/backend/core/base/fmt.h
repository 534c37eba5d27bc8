#pragma once
#include "device/slot.h"
