# SEESAW_PCH: cmake/precompiled.h compiled once per library or program and reused by each of its
# units, and once for all the tests (a unit each). Measured under ASan on 2 cores: the core library
# alone 239 s -> 171 s; the whole asan build, clean, 881 s -> 701 s. On for the asan and fuzz
# presets and the Debian packages (debian/rules); off in the dev preset, whose compile commands
# clang-tidy reads (clang takes GCC's .gch beside cmake_pch.hxx for a PCH of its own and fails)
# and whose units must each include what they use.
#
# seesaw_precompile_all() is called once, after every directory was added: every target that
# compiles at least four C++ sources of its own gets its own precompiled header; every other
# target under tests/ reuses the tests' (seesawtestpch's, tests/CMakeLists.txt). GCC checks that
# a reused header fits the flags of the unit that reads it, and -Winvalid-pch (which CMake adds)
# turns a misfit into a build error under SEESAW_WERROR.

function(seesaw_collect_targets directory out)
  get_property(targets DIRECTORY ${directory} PROPERTY BUILDSYSTEM_TARGETS)
  get_property(children DIRECTORY ${directory} PROPERTY SUBDIRECTORIES)
  foreach(child ${children})
    seesaw_collect_targets(${child} child_targets)
    list(APPEND targets ${child_targets})
  endforeach()
  set(${out} ${targets} PARENT_SCOPE)
endfunction()

function(seesaw_precompile_all)
  if(NOT SEESAW_PCH)
    return()
  endif()
  set(header ${PROJECT_SOURCE_DIR}/cmake/precompiled.h)
  set(tests_owner seesawtestpch)
  if(TARGET ${tests_owner})
    target_precompile_headers(${tests_owner} PRIVATE ${header})
  endif()
  seesaw_collect_targets(${PROJECT_SOURCE_DIR} targets)
  foreach(target ${targets})
    get_target_property(type ${target} TYPE)
    if(NOT type MATCHES "^(STATIC_LIBRARY|SHARED_LIBRARY|MODULE_LIBRARY|OBJECT_LIBRARY|EXECUTABLE)$"
       OR "${target}" STREQUAL "${tests_owner}")
      continue()
    endif()
    get_target_property(sources ${target} SOURCES)
    list(FILTER sources INCLUDE REGEX "\\.cpp$")
    list(LENGTH sources units)
    get_target_property(source_dir ${target} SOURCE_DIR)
    string(FIND "${source_dir}/" "${PROJECT_SOURCE_DIR}/tests/" in_tests) # 0: under tests/
    if(units GREATER_EQUAL 4)
      target_precompile_headers(${target} PRIVATE ${header})
    elseif(TARGET ${tests_owner} AND in_tests EQUAL 0)
      target_precompile_headers(${target} REUSE_FROM ${tests_owner})
    endif()
  endforeach()
endfunction()
