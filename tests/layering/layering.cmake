# The include rules of backend/README.md, checked from the #include lines of the sources.
#
#   cmake -DSOURCE_DIR=<repo> -DFILES=<file listing sources, one per line> -P layering.cmake
#
# Every file listed (and every header of the tree they include, followed transitively) belongs
# to the first folder of RULES that contains it. A quoted #include is resolved as the compiler
# would (the including file's folder, then each of INCLUDE_ROOTS); generated headers and
# anything outside the tree are not checked. The script fails when
#   - a file includes a header of a folder its own folder may not use (a lower folder including
#     a higher one), or
#   - files include each other's headers in a circle: module X (x.h and x.cpp) includes y.h,
#     and module Y includes x.h, directly or through other modules, or
#   - a file of backend/ is longer than MAX_LINES (500): split it by what it does.
cmake_minimum_required(VERSION 3.25)

# folder = folders it may include from (itself always). Longest prefix wins.
set(RULES
  "backend/core/base="
  "backend/core/trust=backend/core/base"
  "backend/core/bundle=backend/core/base backend/core/trust"
  "backend/core/config=backend/core/base"
  "backend/core/boot=backend/core/base backend/core/config"
  "backend/core/state=backend/core/base backend/core/trust"
  "backend/core/health=backend/core/base backend/core/config"
  "backend/core/device=backend/core/base backend/core/trust backend/core/config backend/core/boot backend/core/state backend/core/health"
  "backend/core/install=backend/core/base backend/core/trust backend/core/bundle backend/core/config backend/core/boot backend/core/state backend/core/health backend/core/device backend/core/artifacts"
  "backend/core/net=backend/core/base backend/core/trust backend/core/bundle backend/core/config backend/core/state"
  "backend/core/artifacts=backend/core/base backend/core/trust backend/core/bundle backend/core/config backend/core/state"
  "backend/dbus=backend/core/base"
  "backend/udev="
  "backend/systemd=backend/core/base backend/core/config backend/core/health"
  "backend/daemon=backend/core backend/dbus backend/udev backend/systemd"
  "backend/cli=backend/core backend/dbus backend/systemd"
  "app=backend/core/base backend/dbus backend/udev"
)
if(DEFINED RULES_OVERRIDE)
  set(RULES ${RULES_OVERRIDE})
endif()
set(INCLUDE_ROOTS backend/core backend/dbus backend/udev backend/systemd backend/daemon app)
if(NOT DEFINED MAX_LINES)
  set(MAX_LINES 500)
endif()

if(NOT SOURCE_DIR OR NOT FILES)
  message(FATAL_ERROR "usage: cmake -DSOURCE_DIR=DIR -DFILES=LIST -P layering.cmake")
endif()

function(folder_of path out)
  set(best "")
  foreach(rule ${RULES})
    string(REPLACE "=" ";" parts "${rule}")
    list(GET parts 0 folder)
    string(LENGTH "${folder}" n)
    string(LENGTH "${best}" bn)
    if(path MATCHES "^${folder}/" AND n GREATER bn)
      set(best "${folder}")
    endif()
  endforeach()
  set(${out} "${best}" PARENT_SCOPE)
endfunction()

function(allowed_of folder out)
  set(result "${folder}")
  foreach(rule ${RULES})
    string(FIND "${rule}" "=" eq)
    string(SUBSTRING "${rule}" 0 ${eq} name)
    if(name STREQUAL folder)
      math(EXPR start "${eq} + 1")
      string(SUBSTRING "${rule}" ${start} -1 list)
      string(REPLACE " " ";" list "${list}")
      list(APPEND result ${list})
    endif()
  endforeach()
  set(${out} "${result}" PARENT_SCOPE)
endfunction()

function(module_key path out)
  string(REGEX REPLACE "\\.(h|hpp|cpp|cc)$" "" m "${path}")
  string(MAKE_C_IDENTIFIER "${m}" key)
  set(${out} "${key}" PARENT_SCOPE)
endfunction()

file(STRINGS "${FILES}" queue)
set(seen "")
set(errors "")
set(too_long "")
set(modules "")
while(queue)
  list(POP_FRONT queue file)
  if(file IN_LIST seen)
    continue()
  endif()
  list(APPEND seen "${file}")
  folder_of("${file}" folder)
  if(folder STREQUAL "")
    continue()
  endif()
  allowed_of("${folder}" allowed)
  module_key("${file}" from_key)
  string(REGEX REPLACE "\\.(h|hpp|cpp|cc)$" "" from_module "${file}")
  list(APPEND modules "${from_module}")
  set(name_${from_key} "${from_module}")
  get_filename_component(dir "${file}" DIRECTORY)
  if(file MATCHES "^backend/")
    file(READ "${SOURCE_DIR}/${file}" text)
    string(REGEX REPLACE "[^\n]" "" newlines "${text}")
    string(LENGTH "${newlines}" count)
    if(count GREATER MAX_LINES)
      string(APPEND too_long "  ${file}: ${count} lines\n")
    endif()
  endif()
  file(STRINGS "${SOURCE_DIR}/${file}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*\"")
  foreach(line ${lines})
    string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*\"([^\"]+)\".*" "\\1" inc "${line}")
    set(target "")
    foreach(base "${dir}" ${INCLUDE_ROOTS})
      if(EXISTS "${SOURCE_DIR}/${base}/${inc}" AND NOT IS_DIRECTORY "${SOURCE_DIR}/${base}/${inc}")
        file(RELATIVE_PATH target "${SOURCE_DIR}" "${SOURCE_DIR}/${base}/${inc}")
        break()
      endif()
    endforeach()
    if(target STREQUAL "")
      continue()  # generated (moc, D-Bus adaptor) or not ours
    endif()
    list(APPEND queue "${target}")
    folder_of("${target}" to_folder)
    if(to_folder STREQUAL "")
      continue()
    endif()
    set(ok FALSE)
    foreach(a ${allowed})
      if(to_folder STREQUAL a OR to_folder MATCHES "^${a}/")
        set(ok TRUE)
      endif()
    endforeach()
    if(NOT ok)
      string(APPEND errors "  ${file} (${folder}) includes ${target} (${to_folder}): not allowed\n")
    endif()
    string(REGEX REPLACE "\\.(h|hpp|cpp|cc)$" "" to_module "${target}")
    if(NOT to_module STREQUAL from_module)
      list(APPEND edges_${from_key} "${to_module}")
    endif()
  endforeach()
endwhile()

# Circles between modules: depth-first search, colouring each module white (unset), grey (on
# the current path) or black (done).
list(REMOVE_DUPLICATES modules)
list(SORT modules)
set(circles "")
foreach(start ${modules})
  module_key("${start}" k)
  if(DEFINED colour_${k})
    continue()
  endif()
  set(stack "${start}")
  set(colour_${k} grey)
  set(next_${k} 0)
  while(stack)
    list(GET stack -1 top)
    module_key("${top}" tk)
    set(edges ${edges_${tk}})
    list(REMOVE_DUPLICATES edges)
    list(LENGTH edges n)
    if(next_${tk} LESS n)
      list(GET edges ${next_${tk}} child)
      math(EXPR next_${tk} "${next_${tk}} + 1")
      module_key("${child}" ck)
      if(NOT DEFINED colour_${ck})
        set(colour_${ck} grey)
        set(next_${ck} 0)
        list(APPEND stack "${child}")
      elseif(colour_${ck} STREQUAL "grey")
        list(FIND stack "${child}" at)
        list(SUBLIST stack ${at} -1 loop)
        list(APPEND loop "${child}")
        list(JOIN loop " -> " text)
        string(APPEND circles "  ${text}\n")
      endif()
    else()
      set(colour_${tk} black)
      list(POP_BACK stack)
    endif()
  endwhile()
endforeach()

list(LENGTH seen nfiles)
list(LENGTH modules nmodules)
if(NOT errors STREQUAL "" OR NOT circles STREQUAL "" OR NOT too_long STREQUAL "")
  set(msg "layering: ${nfiles} files checked\n")
  if(NOT errors STREQUAL "")
    string(APPEND msg "Includes against the folder rules (backend/README.md):\n${errors}")
  endif()
  if(NOT circles STREQUAL "")
    string(APPEND msg "Modules that include each other in a circle:\n${circles}")
  endif()
  if(NOT too_long STREQUAL "")
    string(APPEND msg "Files over ${MAX_LINES} lines:\n${too_long}")
  endif()
  message(FATAL_ERROR "${msg}")
endif()
message(STATUS "layering: ${nfiles} files in ${nmodules} modules, every include goes down, no circle, none over ${MAX_LINES} lines")
