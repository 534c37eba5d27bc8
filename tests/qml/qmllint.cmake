# Runs qmllint over every QML file of the Seesaw module; any warning fails the test.
file(GLOB_RECURSE files RELATIVE ${SOURCE_DIR} ${SOURCE_DIR}/*.qml)
file(GLOB resources ${BUILD_DIR}/.rcc/*.qrc)
set(args --bare -I ${BUILD_DIR} -I ${QT_QML_DIR})
foreach(qrc ${resources})
  list(APPEND args --resource ${qrc})
endforeach()
execute_process(COMMAND ${QMLLINT} ${args} ${files}
                WORKING_DIRECTORY ${SOURCE_DIR}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT "${out}${err}" STREQUAL "")
  message(FATAL_ERROR "qmllint (exit ${rc}):\n${out}${err}")
endif()
list(LENGTH files count)
message(STATUS "qmllint: ${count} files, no warnings")
