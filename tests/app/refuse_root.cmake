# seesaw-ui started as root without --allow-root must refuse before it opens a window.
# Usage: cmake -DSEESAW_UI=path -P refuse_root.cmake
execute_process(COMMAND id -u OUTPUT_VARIABLE uid OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT uid STREQUAL "0")
  message(STATUS "not root: nothing to check")
  return()
endif()
execute_process(COMMAND ${SEESAW_UI} --screenshot /nonexistent RESULT_VARIABLE rc
                ERROR_VARIABLE err OUTPUT_VARIABLE out TIMEOUT 60)
if(NOT rc EQUAL 1 OR NOT err MATCHES "refusing to run as root" OR EXISTS /nonexistent)
  message(FATAL_ERROR "seesaw-ui as root: exit ${rc}, stderr: ${err}")
endif()
