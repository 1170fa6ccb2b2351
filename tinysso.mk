# tinysso's source and include lists for Make-based builds (a firmware
# Makefile, an SDK's component.mk). It defines variables only, no rules:
#
#   include path/to/tinysso/tinysso.mk
#   SRCS   += $(TINYSSO_CORE_SOURCES) $(TINYSSO_LWIP_SOURCES)
#   CFLAGS += $(addprefix -I,$(TINYSSO_CORE_INCLUDE_DIRS) $(TINYSSO_LWIP_INCLUDE_DIRS))
#
# The core also needs jsmn.h on its include path (Debian: libjsmn-dev, one
# header); code that only includes tinysso's headers does not.
# cmake/tinyssoFilePaths.cmake names the same files for CMake builds, and
# scripts/check_file_lists.py (ctest pkg.file_lists) fails CI when the two
# differ or when a .c file under core/src or port/ is in neither.
#
#   TINYSSO_CORE_SOURCES        the core (no heap, no OS)
#   TINYSSO_CORE_INCLUDE_DIRS   public headers (#include <tinysso/tinysso.h>)
#   TINYSSO_CORE_PRIVATE_DIRS   the core's own headers (its sources only)
#   TINYSSO_POSIX_SOURCES       BSD sockets transport + POSIX platform
#   TINYSSO_MBEDTLS_SOURCES     TLS transport over any transport (mbedTLS 2.28 or 3.6)
#   TINYSSO_LWIP_SOURCES        lwIP sockets transport
#   TINYSSO_PROXY_SOURCES       HTTP CONNECT tunnel over any transport
#   TINYSSO_LWIP_UNIX_SOURCES   Linux hosts only: runs lwIP's thread over a TAP
#                               device (the tests and examples/device use it)
#   TINYSSO_<PORT>_INCLUDE_DIRS that port's header folder
#
# TINYSSO_ROOT defaults to the folder of this file; set it before the include
# to point elsewhere.
TINYSSO_ROOT ?= $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))

TINYSSO_CORE_SOURCES := \
    $(TINYSSO_ROOT)/core/src/sso_call.c \
    $(TINYSSO_ROOT)/core/src/sso_client.c \
    $(TINYSSO_ROOT)/core/src/sso_endpoint.c \
    $(TINYSSO_ROOT)/core/src/sso_http_req.c \
    $(TINYSSO_ROOT)/core/src/sso_http_resp.c \
    $(TINYSSO_ROOT)/core/src/sso_jsmn.c \
    $(TINYSSO_ROOT)/core/src/sso_json_map.c \
    $(TINYSSO_ROOT)/core/src/sso_json_split.c \
    $(TINYSSO_ROOT)/core/src/sso_json_unescape.c \
    $(TINYSSO_ROOT)/core/src/sso_ops.c \
    $(TINYSSO_ROOT)/core/src/sso_service_error.c \
    $(TINYSSO_ROOT)/core/src/sso_status.c \
    $(TINYSSO_ROOT)/core/src/sso_util.c \
    $(TINYSSO_ROOT)/core/src/sso_walk.c
TINYSSO_CORE_INCLUDE_DIRS := $(TINYSSO_ROOT)/core/include
TINYSSO_CORE_PRIVATE_DIRS := $(TINYSSO_ROOT)/core/src

TINYSSO_POSIX_SOURCES := \
    $(TINYSSO_ROOT)/port/posix/sso_posix_tcp.c \
    $(TINYSSO_ROOT)/port/posix/sso_posix_platform.c
TINYSSO_POSIX_INCLUDE_DIRS := $(TINYSSO_ROOT)/port/posix

TINYSSO_MBEDTLS_SOURCES := \
    $(TINYSSO_ROOT)/port/mbedtls/sso_tls.c \
    $(TINYSSO_ROOT)/port/mbedtls/sso_tls_ca.c
TINYSSO_MBEDTLS_INCLUDE_DIRS := $(TINYSSO_ROOT)/port/mbedtls

TINYSSO_LWIP_SOURCES := $(TINYSSO_ROOT)/port/lwip/sso_lwip_tcp.c
TINYSSO_LWIP_UNIX_SOURCES := $(TINYSSO_ROOT)/port/lwip/sso_lwip_unix.c
TINYSSO_LWIP_INCLUDE_DIRS := $(TINYSSO_ROOT)/port/lwip

TINYSSO_PROXY_SOURCES := \
    $(TINYSSO_ROOT)/port/proxy/sso_proxy.c \
    $(TINYSSO_ROOT)/port/proxy/sso_proxy_reply.c
TINYSSO_PROXY_INCLUDE_DIRS := $(TINYSSO_ROOT)/port/proxy
