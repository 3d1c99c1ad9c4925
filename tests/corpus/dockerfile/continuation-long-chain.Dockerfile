FROM ubuntu:22.04
RUN set -eux; \
    echo step1; \
    echo step2; \
    echo step3; \
    echo step4; \
    echo step5; \
    echo step6; \
    echo step7; \
    echo step8; \
    echo step9; \
    echo step10; \
    echo step11; \
    echo step12; \
    echo step13; \
    echo step14; \
    echo step15; \
    echo step16; \
    echo step17; \
    echo step18; \
    echo step19; \
    echo step20; \
    echo step21; \
    echo step22; \
    echo step23; \
    echo step24; \
    echo step25; \
    echo step26; \
    echo step27; \
    echo step28; \
    echo step29; \
    echo done
