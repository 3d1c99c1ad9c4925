# escape=`
FROM mcr.microsoft.com/windows/nanoserver
RUN dir c:\ `
  && echo hi
COPY a c:\
WORKDIR c:\app
