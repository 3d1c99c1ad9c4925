FROM mcr.microsoft.com/windows/servercore
CMD ["c:\windows\system32\cmd.exe"]
ENTRYPOINT ["c:\\ok"]
