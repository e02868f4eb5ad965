# zsh completion for dicom-cmk: the bash script through zsh's bashcompinit.
# Generated with completions/dicom-cmk.bash; source this file from ~/.zshrc.
autoload -U +X compinit && compinit
autoload -U +X bashcompinit && bashcompinit
source "${0:A:h}/dicom-cmk.bash"
