"""安全模式 (and 兼容模式): WeChat encrypts each push with the account's EncodingAESKey and signs the ciphertext.

The body is <xml><ToUserName/><Encrypt/></xml> (兼容模式 adds the plaintext fields); the query carries
encrypt_type=aes and msg_signature, SHA-1 over the sorted token, timestamp, nonce and Encrypt. The accounts whose
token gives that signature (compared in constant time, as for plaintext) are the candidates; the push must then be
fresh and new (events.verify_callback), decrypt under the candidate's key with wechatpy's WeChatCrypto
(AES-256-CBC, IV the key's first 16 bytes, PKCS#7 to 32-byte blocks) and carry that account's AppID. The decrypted
XML is read as a plaintext push is. Every failure is a CallbackRejected, never an error of the crypto library.
"""

from __future__ import annotations

import base64
import binascii
import re

from wechatpy.crypto import WeChatCrypto
from wechatpy.crypto.base import WeChatCipher
from wechatpy.crypto.pkcs7 import PKCS7Encoder
from wechatpy.exceptions import InvalidAppIdException, InvalidSignatureException

from . import accounts
from .errors import CallbackRejected
from .events import PublishEvent, read_publish_event, read_xml, verify_callback

KEY_LENGTH = 43  # base64 of 32 bytes, without its "="
KEY_CHARACTERS = re.compile(r"[A-Za-z0-9+/]+")
BLOCK = PKCS7Encoder.block_size  # WeChat pads to 32 bytes, not AES's 16
COPY_IT = "请从公众号后台“设置与开发 → 基本配置 → 服务器配置”中复制。"


def aes_key_problem(value: str) -> str | None:
    """What is wrong with an EncodingAESKey as typed, for people; None when it is usable."""
    if len(value) != KEY_LENGTH:
        return f"消息加解密密钥(EncodingAESKey)应为 {KEY_LENGTH} 个字符,填写的是 {len(value)} 个。{COPY_IT}"
    if not KEY_CHARACTERS.fullmatch(value):
        return f"消息加解密密钥(EncodingAESKey)只能包含英文字母、数字、“+”和“/”。{COPY_IT}"
    try:
        key = base64.b64decode(value + "=", validate=True)
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != 32:
        return f"消息加解密密钥(EncodingAESKey)无法解码为 32 字节的密钥。{COPY_IT}"
    return None


def is_encrypted(query) -> bool:
    return str(query.get("encrypt_type", "")).lower() == "aes"


def parse_encrypted_event(
    xml: bytes | str, msg_signature: str, timestamp: str, nonce: str, *, now=None
) -> tuple[PublishEvent | None, list[accounts.Account]]:
    """Verify and decrypt a push: its event (None for another event type) and the accounts it is genuinely from."""
    encrypt = read_xml(xml).get("Encrypt")
    if not isinstance(encrypt, str) or not encrypt.strip():
        raise CallbackRejected("malformed", "an encrypted push without <Encrypt>")
    encrypt = encrypt.strip()
    signers = accounts.for_callback(msg_signature, timestamp, nonce, encrypt)
    if not signers:
        raise CallbackRejected("signature", "no account's token gives this msg_signature")
    verify_callback(msg_signature, timestamp, nonce, signers[0].token, now=now, encrypt=encrypt)
    plain, opened, refusal = "", [], CallbackRejected("decrypt")
    for account in signers:
        try:
            text = decrypt(account, encrypt, msg_signature, timestamp, nonce)
        except CallbackRejected as rejected:
            refusal = rejected
            continue
        plain = plain or text
        opened.append(account)
    if not opened:
        raise refusal
    return read_publish_event(plain), opened


def decrypt(account: accounts.Account, encrypt: str, msg_signature: str, timestamp: str, nonce: str) -> str:
    """The plaintext XML inside `encrypt`, which must open under this account's key and name its AppID."""
    if not account.aes_key:
        raise CallbackRejected("decrypt", f"{account.target} has no EncodingAESKey")
    if aes_key_problem(account.aes_key):
        raise CallbackRejected("decrypt", f"{account.target}: the stored EncodingAESKey is not a valid key")
    try:
        ciphertext = base64.b64decode(encrypt, validate=True)
    except (binascii.Error, ValueError):
        raise CallbackRejected("malformed", "Encrypt is not base64") from None
    if not ciphertext or len(ciphertext) % BLOCK:
        raise CallbackRejected("malformed", f"Encrypt is {len(ciphertext)} bytes, not whole {BLOCK}-byte blocks")
    crypto = WeChatCrypto(account.token, account.aes_key, account.app_id)
    padded = WeChatCipher(crypto.key).decrypt(ciphertext)
    padding = padded[-1]
    if not 1 <= padding <= BLOCK or padded[-padding:] != bytes([padding]) * padding or len(padded) < 20 + padding:
        raise CallbackRejected("decrypt", f"{account.target}: bad PKCS#7 padding (a wrong key?)")
    try:
        return crypto.decrypt_message({"Encrypt": encrypt}, msg_signature, timestamp, nonce)
    except InvalidAppIdException:
        raise CallbackRejected("appid", f"{account.target}: the AppID inside is not {account.app_id}") from None
    except InvalidSignatureException:
        raise CallbackRejected("signature") from None
    except Exception as exc:  # a length past the end, bytes that are not UTF-8: a wrong key or a forged body
        raise CallbackRejected("decrypt", f"{account.target}: {type(exc).__name__}") from None
