FROM --boo alpine
MAINTAINER --boo joe@example.com
ENV --x=1 A=b
LABEL --y a=b
EXPOSE --z 80
USER --u root
WORKDIR --w /x
VOLUME --v /data
