FROM mcr.microsoft.com/windows/servercore
SHELL ["powershell", "-command"]
RUN Write-Host hello
SHELL ["cmd", "/S", "/C"]
SHELL
