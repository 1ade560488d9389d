import { apiKey } from './api.ts'

/**
 * The API key dialog: a modal <dialog> with a labelled password field.
 * Resolves once a key is entered (kept in sessionStorage by `apiKey`);
 * rejects when the dialog is dismissed, so the page can say a key is needed.
 */
export async function promptForKey (reason: string): Promise<void> {
  const dialog = document.getElementById('key-dialog') as HTMLDialogElement
  const form = dialog.querySelector('form')!
  const input = dialog.querySelector<HTMLInputElement>('#key-input')!
  dialog.querySelector('#key-reason')!.textContent = reason
  input.value = ''
  dialog.showModal()
  input.focus()
  await new Promise<void>((resolve, reject) => {
    const onSubmit = (event: SubmitEvent): void => {
      event.preventDefault()
      const key = input.value.trim()
      if (key === '') return
      apiKey.set(key)
      done()
      resolve()
    }
    const onClose = (): void => {
      done()
      reject(new Error('no API key given'))
    }
    const done = (): void => {
      form.removeEventListener('submit', onSubmit)
      dialog.removeEventListener('close', onClose)
      if (dialog.open) dialog.close()
      refreshKeyButton()
    }
    form.addEventListener('submit', onSubmit)
    dialog.addEventListener('close', onClose)
  })
}

/** Shows "Forget API key" while a key is kept. */
export function refreshKeyButton (): void {
  const button = document.getElementById('forget-key') as HTMLButtonElement | null
  if (button !== null) button.hidden = apiKey.get() === null
}

export function wireKeyButton (): void {
  const button = document.getElementById('forget-key') as HTMLButtonElement
  button.addEventListener('click', () => {
    apiKey.set(null)
    refreshKeyButton()
    location.reload()
  })
  refreshKeyButton()
}
