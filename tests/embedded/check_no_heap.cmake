# Link-level half of the heap check: no object in the core library may even
# refer to an allocator. The firmware's --wrap trap covers what the tests run;
# this covers every function, run or not.
#   -DNM=<arm-none-eabi-nm> -DLIB=<libtinysso.a>
cmake_minimum_required(VERSION 3.20)
execute_process(COMMAND ${NM} -u ${LIB} OUTPUT_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc STREQUAL "0")
  message(FATAL_ERROR "nm failed on ${LIB}")
endif()
message("undefined symbols of ${LIB}:\n${out}")
set(bad "")
foreach(sym malloc calloc realloc free strdup strndup _malloc_r _calloc_r _realloc_r _free_r
            _strdup_r _strndup_r aligned_alloc memalign posix_memalign reallocarray sbrk _sbrk)
  if(out MATCHES "(^|\n)[ \t]*U ${sym}(\n|$)")
    list(APPEND bad ${sym})
  endif()
endforeach()
if(bad)
  message(FATAL_ERROR "the core refers to allocator functions: ${bad}")
endif()
if(NOT out MATCHES "U ")
  message(FATAL_ERROR "nm listed no undefined symbol at all: is ${LIB} empty?")
endif()
