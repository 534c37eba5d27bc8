# Runs qmllint over every QML file of the Seesaw module; any warning fails the test.
# FILES: the module's QML files, comma-separated, relative to SOURCE_DIR (qml/CMakeLists.txt).
string(REPLACE "," ";" files "${FILES}")
# The resource files qt_add_qml_module wrote for the module.
set(resources "")
foreach(qrc qmake_Seesaw seesawui_qml_raw_qml_0 seesaw_icons seesawui_qml_translations)
  if(EXISTS ${BUILD_DIR}/.rcc/${qrc}.qrc)
    list(APPEND resources ${BUILD_DIR}/.rcc/${qrc}.qrc)
  endif()
endforeach()
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
