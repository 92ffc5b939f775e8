# Compile every generated .cpp (one public header each) with the C++ compiler.
foreach(s IN LISTS SRCS)
  execute_process(COMMAND ${CXX} -std=c++11 -Wall -Wextra -Werror -fsyntax-only ${INC} ${s}
                  RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "header does not compile as C++: ${s}\n${err}")
  endif()
endforeach()
list(LENGTH SRCS n)
message(STATUS "${n} headers compile as C++")
