/* sigill-udf.c: UDF #0 (the all-zero word) must kill the guest with SIGILL. */
int main(void)
{
    __asm__ volatile(".inst 0x00000000");
    return 0;
}
