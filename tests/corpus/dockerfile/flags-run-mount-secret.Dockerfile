FROM alpine
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
RUN --mount=type=secret,id=aws,required=true,mode=0400,uid=0,gid=0 cat /run/secrets/aws
RUN --mount=type=secret,id=TOKEN,env=TOKEN ./fetch.sh
RUN --mount=type=secret,source=key,target=/k,required true
