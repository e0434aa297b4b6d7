# Installs a Bulletin release binary on Windows:
#   powershell -ExecutionPolicy Bypass -c "irm <repository>/releases/latest/download/install.ps1 | iex"
# The PowerShell twin of install.sh (same environment variables, same checks; see its header):
# downloads bulletin-<version>-x86_64-pc-windows-msvc.zip and its .sha256, refuses it unless the
# checksum matches, and puts bulletin.exe in $env:BULLETIN_INSTALL_DIR
# (default: $env:LOCALAPPDATA\bulletin\bin).
$ErrorActionPreference = 'Stop'

# Cargo.toml `repository` is the one home of this address; release.yml checks they agree.
$Repository = "https://github.com/bulletin-status/bulletin"
$Releases = if ($env:BULLETIN_RELEASES_URL) { $env:BULLETIN_RELEASES_URL.TrimEnd('/') } else { "$Repository/releases" }

function Fail([string]$Message) { Write-Error "bulletin install: error: $Message"; exit 1 }

function Get-CheckedVersion([string]$Given) {
    $v = $Given -replace '^v', ''
    if ($v -notmatch '^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.]+)?$') { Fail "'$Given' is not a version (expected e.g. 0.1.0)" }
    return $v
}

$Want = if ($env:BULLETIN_VERSION) { $env:BULLETIN_VERSION } else { 'latest' }
if ($Want -eq 'latest') {
    # GitHub's /releases/latest redirects to /releases/tag/v<version>.
    $Response = Invoke-WebRequest -UseBasicParsing -Uri "$Releases/latest"
    $Final = $Response.BaseResponse.ResponseUri
    if (-not $Final) { $Final = $Response.BaseResponse.RequestMessage.RequestUri }
    if ("$Final" -notmatch '/tag/([^/]+)$') { Fail "no latest release at $Releases" }
    $Version = Get-CheckedVersion $Matches[1]
} else {
    $Version = Get-CheckedVersion $Want
}

if (-not [Environment]::Is64BitOperatingSystem -or $env:PROCESSOR_ARCHITECTURE -eq 'ARM64') {
    Write-Error "bulletin install: error: no prebuilt binary for this architecture; install with: cargo install --locked bulletin"
    exit 3
}
$Asset = "bulletin-$Version-x86_64-pc-windows-msvc.zip"
$Url = "$Releases/download/v$Version/$Asset"
$Dir = if ($env:BULLETIN_INSTALL_DIR) { $env:BULLETIN_INSTALL_DIR } else { Join-Path $env:LOCALAPPDATA 'bulletin\bin' }
$Tmp = Join-Path ([IO.Path]::GetTempPath()) ("bulletin-install-" + [Guid]::NewGuid())
New-Item -ItemType Directory -Path $Tmp | Out-Null
try {
    Write-Host "bulletin install: downloading $Url"
    try { Invoke-WebRequest -UseBasicParsing -Uri $Url -OutFile (Join-Path $Tmp $Asset) }
    catch {
        if ($_.Exception.Response -and [int]$_.Exception.Response.StatusCode -eq 404) {
            Write-Error "bulletin install: error: release v$Version has no asset $Asset (${Url}: 404); install with: cargo install --locked bulletin --version $Version"
            exit 3
        }
        Fail "cannot download ${Asset}: $($_.Exception.Message)"
    }
    try { Invoke-WebRequest -UseBasicParsing -Uri "$Url.sha256" -OutFile (Join-Path $Tmp "$Asset.sha256") }
    catch { Fail "cannot download the checksum $Asset.sha256: not installing an unverified binary" }
    $Expected = ((Get-Content (Join-Path $Tmp "$Asset.sha256") -Raw).Trim() -split '\s+')[0].ToLowerInvariant()
    $Actual = (Get-FileHash -Algorithm SHA256 (Join-Path $Tmp $Asset)).Hash.ToLowerInvariant()
    if ($Expected -ne $Actual) { Fail "checksum mismatch for $Asset (expected $Expected, got $Actual): nothing installed" }
    Expand-Archive -LiteralPath (Join-Path $Tmp $Asset) -DestinationPath (Join-Path $Tmp 'unpacked')
    $Exe = Join-Path $Tmp 'unpacked\bulletin.exe'
    if (-not (Test-Path $Exe)) { Fail "$Asset holds no bulletin.exe at its top level" }
    New-Item -ItemType Directory -Force -Path $Dir | Out-Null
    Move-Item -Force $Exe (Join-Path $Dir 'bulletin.exe')
    Write-Host "bulletin install: installed bulletin $Version to $Dir\bulletin.exe"
    if ($env:GITHUB_OUTPUT) { "version=$Version`ndir=$Dir" | Out-File -Append -Encoding utf8 $env:GITHUB_OUTPUT }
    if (($env:PATH -split ';') -notcontains $Dir) { Write-Host "bulletin install: add $Dir to your PATH" }
} finally {
    Remove-Item -Recurse -Force $Tmp -ErrorAction SilentlyContinue
}
